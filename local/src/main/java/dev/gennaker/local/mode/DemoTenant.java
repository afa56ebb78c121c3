package dev.gennaker.local.mode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.core.onboarding.ApplyTenantDeclaration;
import dev.gennaker.core.onboarding.Onboarding;
import dev.gennaker.core.onboarding.TenantDeclaration;
import dev.gennaker.core.pipeline.ApplyPipeline;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.slack.SlackConnection;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.slack.SlackNotifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The demo tenant of {@code tenants/demo}: on the first start of a data directory it is signed up,
 * its tenant file and its repositories' pipelines are applied, Slack is connected, and {@code
 * demo-credentials.json} is written for scripts and tests; later starts read it back.
 */
final class DemoTenant {
  private static final Logger LOG = Logger.getLogger("gennaker.local");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Slack workspace id the demo tenant is connected to (a stand-in's, in tests). */
  static final String SLACK_TEAM = "T0DEMO0001";

  private final TenantId tenant;
  private final Path credentialsFile;
  private final Map<String, List<String>> clusters;

  private DemoTenant(TenantId tenant, Path credentialsFile, Map<String, List<String>> clusters) {
    this.tenant = tenant;
    this.credentialsFile = credentialsFile;
    this.clusters = clusters;
  }

  TenantId tenant() {
    return tenant;
  }

  Path credentialsFile() {
    return credentialsFile;
  }

  /** The demo admin's API key, as written in the credentials file. */
  String adminKey() {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(credentialsFile.toFile())
          .path("apiKey")
          .asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The declared clusters and the namespaces their agents may deploy to. */
  Map<String, List<String>> clusters() {
    return clusters;
  }

  /** Where {@code tenants/} is: the option, the working directory's, or the repository's. */
  static Path tenantsDir(LocalMode.Options options) {
    if (options.tenantsDir().isPresent()) {
      return options.tenantsDir().get();
    }
    Path here = Path.of("tenants");
    if (Files.isDirectory(here.resolve("demo"))) {
      return here;
    }
    try {
      // The launcher's jar is <repo>/local/target/gennaker.jar.
      Path jar =
          Path.of(DemoTenant.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path repo = jar.getParent().getParent().getParent().resolve("tenants");
      if (Files.isDirectory(repo.resolve("demo"))) {
        return repo;
      }
    } catch (Exception e) {
      // fall through to the error
    }
    throw new LocalMode.UserError(
        "cannot find tenants/demo: run from the repository's root or pass --tenants-dir");
  }

  static DemoTenant loadOrCreate(
      ControlPlane plane,
      LocalMode.Options options,
      Path data,
      URI apiUrl,
      Integrations integrations,
      LocalMode.LocalSecrets secrets) {
    Path dir = tenantsDir(options).resolve("demo");
    TenantDeclaration declaration;
    try {
      TenantDeclaration.Reading reading =
          TenantDeclaration.read(Files.readString(dir.resolve("tenant.yaml")));
      if (!reading.valid()) {
        throw new LocalMode.UserError(
            dir.resolve("tenant.yaml")
                + " is invalid: "
                + reading.diagnostics().get(0).format("tenant.yaml"));
      }
      declaration = reading.declaration().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TenantId id = TenantId.of(declaration.id());
    Map<String, List<String>> clusters = new LinkedHashMap<>();
    declaration.clusters().forEach(c -> clusters.put(c.id(), c.namespaces()));
    Path file = data.resolve("demo-credentials.json");
    if (Files.exists(file) && plane.tenants().getTenant(id).isPresent()) {
      rewriteApiUrl(file, apiUrl);
      return new DemoTenant(id, file, clusters);
    }

    String admin =
        declaration.members().stream()
            .filter(m -> m.roles().contains(Role.ADMIN))
            .findFirst()
            .orElseThrow()
            .user();
    Onboarding.SignedUp signedUp =
        new Onboarding(
                plane.tenants(),
                plane.apiKeyStore(),
                plane.secrets(),
                plane.orchestrator(),
                plane.clock())
            .signUp(id, declaration.name(), admin);
    ApplyTenantDeclaration.Outcome applied =
        new ApplyTenantDeclaration(
                plane.tenants(), plane.clusters(), plane.apiKeyStore(), plane.clock())
            .apply(id, declaration, false);
    LOG.info("event=demo-tenant-created tenant=" + id + " changes=" + applied.changes().size());

    ApplyPipeline apply = new ApplyPipeline(plane.pipelines(), plane.clusters(), plane.clock());
    for (Path pipeline : pipelines(dir)) {
      try {
        ApplyPipeline.Result r = apply.apply(id, Files.readString(pipeline), admin, "");
        if (r instanceof ApplyPipeline.Invalid invalid) {
          throw new LocalMode.UserError(
              pipeline + " is invalid: " + invalid.validation().diagnostics().get(0).format(""));
        }
        LOG.info("event=demo-pipeline-applied file=" + dir.relativize(pipeline));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String signingSecret = LocalMode.LocalSecrets.random();
    plane.secrets().put(SlackNotifier.signingSecret(id), SecretValue.of(signingSecret));
    // A bot token only matters where Slack calls go: a stand-in given by --slack-api. Without one,
    // the demo has no token and notifications are skipped rather than sent to slack.com.
    if (options.slackApi().isPresent()) {
      plane.secrets().put(SlackNotifier.botToken(id), SecretValue.of("xoxb-local-demo"));
    }
    plane
        .slackConnections()
        .put(
            new SlackConnection(
                id,
                SLACK_TEAM,
                declaration.slackChannel().isEmpty() ? "#deploys" : declaration.slackChannel(),
                plane.clock().instant()));

    ObjectNode out = JSON.createObjectNode();
    out.put("apiUrl", apiUrl.toString());
    out.put("tenantId", id.value());
    out.put("apiKey", signedUp.adminKey().key());
    out.put("admin", admin);
    out.put(
        "githubWebhookSecret",
        plane
            .secrets()
            .get(new SecretRef(id, Onboarding.GITHUB_WEBHOOK_SECRET))
            .orElseThrow()
            .reveal());
    out.put("slackSigningSecret", signingSecret);
    out.put("slackTeamId", SLACK_TEAM);
    LocalMode.LocalSecrets.writePrivate(file, out);
    return new DemoTenant(id, file, clusters);
  }

  private static void rewriteApiUrl(Path file, URI apiUrl) {
    try {
      ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
      JsonNode old = n.get("apiUrl");
      if (old == null || !old.asText().equals(apiUrl.toString())) {
        n.put("apiUrl", apiUrl.toString());
        LocalMode.LocalSecrets.writePrivate(file, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pipeline files of the demo's repositories ({@code repos/<owner>/<name>/.gennaker/}). */
  private static List<Path> pipelines(Path dir) {
    Path repos = dir.resolve("repos");
    if (!Files.isDirectory(repos)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(repos)) {
      return files
          .filter(p -> p.getParent().getFileName().toString().equals(".gennaker"))
          .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
