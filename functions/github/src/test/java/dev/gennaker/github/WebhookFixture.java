package dev.gennaker.github;

import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.core.secret.InMemorySecretStore;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.trigger.InMemoryDeliveryResults;
import dev.gennaker.core.trigger.TriggerFixture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The trigger functions over in-memory stores, a recording orchestrator and a GitHub stand-in. */
public final class WebhookFixture implements AutoCloseable {
  static final String ACME_SECRET = "It's a Secret to Everybody";
  static final String GLOBEX_SECRET = "globex-webhook-secret";
  static final String ACME_TOKEN = "ghs_acmeInstallationToken0123456789";

  public final TriggerFixture core = new TriggerFixture();
  final InMemorySecretStore secrets = new InMemorySecretStore();
  final InMemoryDeliveryResults deliveries = new InMemoryDeliveryResults(core.clock);
  public final GitHubStandIn github = new GitHubStandIn();
  final ExecutorService statusThreads = Executors.newFixedThreadPool(2);
  final GitHubApi api = new GitHubApi(github.base(), secrets, Duration.ofSeconds(5));
  final CommitStatuses statuses = new CommitStatuses(api, 3, Duration.ofMillis(20), statusThreads);
  public final GitHubServices services =
      new GitHubServices(
          secrets,
          core.runner,
          core.apply,
          deliveries,
          api,
          statuses,
          new ExecutionLinks(URI.create("https://app.gennaker.dev/")),
          core.clock);
  final GitHubWebhookFunction function = new GitHubWebhookFunction(services);

  public WebhookFixture() {
    secrets.put(new SecretRef(TriggerFixture.ACME, "github-webhook"), SecretValue.of(ACME_SECRET));
    secrets.put(new SecretRef(TriggerFixture.ACME, "github-token"), SecretValue.of(ACME_TOKEN));
    secrets.put(
        new SecretRef(TriggerFixture.GLOBEX, "github-webhook"), SecretValue.of(GLOBEX_SECRET));
  }

  public static String sign(String secret, byte[] body) {
    return "sha256="
        + HexFormat.of().formatHex(WebhookSignature.hmac(SecretValue.of(secret), body));
  }

  /** A delivery to {@code /webhooks/github/<tenant>} signed with {@code secret}. */
  static HttpRequest delivery(
      String tenant, String event, String deliveryId, byte[] body, String secret) {
    return new HttpRequest(
        "POST",
        "/webhooks/github/" + tenant,
        Map.of(),
        Map.of(
            "Content-Type",
            "application/json",
            "User-Agent",
            "GitHub-Hookshot/a1b2c3d",
            "X-GitHub-Event",
            event,
            "X-GitHub-Delivery",
            deliveryId,
            "X-GitHub-Hook-ID",
            "512345678",
            "X-Hub-Signature-256",
            sign(secret, body)),
        body,
        "140.82.115.1");
  }

  /** A fixture payload delivered to acme, correctly signed, with a fresh delivery id. */
  static HttpRequest acme(String event, String fixture) {
    return delivery(
        "acme",
        event,
        UUID.randomUUID().toString(),
        GitHubStandIn.fixture(fixture).getBytes(StandardCharsets.UTF_8),
        ACME_SECRET);
  }

  TenantId acme() {
    return TriggerFixture.ACME;
  }

  @Override
  public void close() {
    github.close();
    statusThreads.shutdownNow();
  }
}
