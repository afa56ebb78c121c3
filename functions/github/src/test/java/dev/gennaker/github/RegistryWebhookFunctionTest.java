package dev.gennaker.github;

import static dev.gennaker.core.trigger.TriggerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.trigger.TriggerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryWebhookFunctionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "reg-token-acme-0123456789";
  private static final String DIGEST =
      "sha256:4f1e0c9b8a7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f";

  private WebhookFixture f;
  private RegistryWebhookFunction function;

  @BeforeEach
  void setUp() {
    f = new WebhookFixture();
    f.secrets.put(new SecretRef(TriggerFixture.ACME, "registry-webhook"), SecretValue.of(TOKEN));
    function = new RegistryWebhookFunction(f.services);
    f.core.applyPipeline(
        f.acme(),
        pipeline(
            "orders",
            "orders-hub",
            "    - type: image\n      repository: acme/orders\n      tags: [\"v*\"]\n"));
    f.core.applyPipeline(
        f.acme(),
        pipeline(
            "orders",
            "orders-ghcr",
            "    - type: image\n      repository: ghcr.io/acme/orders\n      tags: [\"v*\"]\n"));
    f.core.applyPipeline(
        f.acme(),
        pipeline(
            "orders",
            "orders-private",
            "    - type: image\n      repository: registry.acme.example/acme/orders\n"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  static byte[] fixture(String name) {
    try (InputStream in =
        RegistryWebhookFunctionTest.class.getResourceAsStream("/registry/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpRequest post(
      String tenant, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {
    Map<String, String> h = new HashMap<>(headers);
    h.putIfAbsent("Content-Type", "application/json");
    return new HttpRequest("POST", "/webhooks/registry/" + tenant, query, h, body, "10.0.0.1");
  }

  private List<Execution> started() {
    return f.core.started.stream()
        .map(s -> f.core.executions.get(f.acme(), s.substring("acme/".length())).orElseThrow())
        .toList();
  }

  @Test
  void dockerHubPush_withTokenInTheUrl_startsImagePipelines_withTheImageAsArtifact()
      throws Exception {
    HttpResponse r =
        function.handle(
            post(
                "acme", Map.of("token", List.of(TOKEN)), Map.of(), fixture("dockerhub-push.json")));
    assertThat(r.status()).isEqualTo(202);
    List<Execution> started = started();
    assertThat(started).extracting(Execution::pipeline).containsExactly("orders-hub");
    Execution e = started.get(0);
    assertThat(e.artifacts())
        .containsExactly(
            new Artifact("docker/image", "docker.io/acme/orders", "docker.io/acme/orders:v1.4.0"));
    assertThat(e.trigger().type()).isEqualTo("image");
    assertThat(e.trigger().actor()).isEqualTo("acmebuild");
    assertThat(e.trigger().details())
        .containsEntry("image", "docker.io/acme/orders:v1.4.0")
        .containsEntry("tag", "v1.4.0");
  }

  @Test
  void ghcrPackageEvent_signedWithHmac_carriesTheDigest() throws Exception {
    byte[] body = fixture("ghcr-package-published.json");
    HttpResponse r =
        function.handle(
            post(
                "acme",
                Map.of(),
                Map.of(
                    "X-GitHub-Event", "package",
                    "X-GitHub-Delivery", "0b989ba4-242f-11e5-81e1-c7b6966d2516",
                    "X-Hub-Signature-256", WebhookFixture.sign(TOKEN, body)),
                body));
    assertThat(r.status()).isEqualTo(202);
    List<Execution> started = started();
    assertThat(started).extracting(Execution::pipeline).containsExactly("orders-ghcr");
    assertThat(started.get(0).artifacts().get(0).reference())
        .isEqualTo("ghcr.io/acme/orders:v1.4.0@" + DIGEST);
    assertThat(started.get(0).trigger().details()).containsEntry("digest", DIGEST);
  }

  @Test
  void cloudEvents_structuredAndBinary_withBearerToken() throws Exception {
    HttpResponse r =
        function.handle(
            post(
                "acme",
                Map.of(),
                Map.of("Authorization", "Bearer " + TOKEN),
                fixture("cloudevent-structured.json")));
    assertThat(r.status()).isEqualTo(202);
    assertThat(started()).extracting(Execution::pipeline).containsExactly("orders-private");

    HttpResponse binary =
        function.handle(
            post(
                "acme",
                Map.of(),
                Map.of(
                    "Authorization", "Bearer " + TOKEN,
                    "ce-specversion", "1.0",
                    "ce-id", "evt-2",
                    "ce-source", "https://registry.acme.example",
                    "ce-type", "dev.gennaker.image.pushed"),
                fixture("generic-push.json")));
    assertThat(binary.status()).isEqualTo(202);
    assertThat(f.core.started).hasSize(2);
  }

  @Test
  void genericJson_andRedelivery_startsOnce() throws Exception {
    HttpRequest req =
        post(
            "acme",
            Map.of(),
            Map.of("Authorization", "Bearer " + TOKEN, "Idempotency-Key", "push-77"),
            fixture("generic-push.json"));
    HttpResponse first = function.handle(req);
    HttpResponse again = function.handle(req);
    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(200);
    JsonNode dup = JSON.readTree(again.bodyText());
    assertThat(dup.path("duplicate").asBoolean()).isTrue();
    assertThat(f.core.started).hasSize(1);
  }

  @Test
  void wrongToken_badSignature_andUnknownTenant_allGetTheSame401() throws Exception {
    byte[] body = fixture("dockerhub-push.json");
    List<HttpResponse> answers =
        List.of(
            function.handle(post("acme", Map.of("token", List.of("guess")), Map.of(), body)),
            function.handle(post("acme", Map.of(), Map.of(), body)),
            function.handle(
                post(
                    "acme",
                    Map.of(),
                    Map.of("X-Hub-Signature-256", WebhookFixture.sign("guess", body)),
                    body)),
            function.handle(post("initech", Map.of("token", List.of(TOKEN)), Map.of(), body)));
    for (HttpResponse r : answers) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(JSON.readTree(r.bodyText()).path("detail").asText())
          .isEqualTo(JSON.readTree(answers.get(0).bodyText()).path("detail").asText());
    }
    assertThat(f.core.started).isEmpty();
  }

  @Test
  void malformedNotifications_get400WithTheReason_andNonMatchingTagsStartNothing()
      throws Exception {
    HttpResponse r =
        function.handle(
            post(
                "acme",
                Map.of(),
                Map.of("Authorization", "Bearer " + TOKEN),
                "{\"tag\":\"v1\"}".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(JSON.readTree(r.bodyText()).path("detail").asText())
        .isEqualTo("malformed registry notification: the notification has no repository");

    r =
        function.handle(
            post(
                "acme",
                Map.of(),
                Map.of("Authorization", "Bearer " + TOKEN),
                "{\"repository\":\"acme/orders\",\"tag\":\"latest\"}"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(r.status()).isEqualTo(202);
    assertThat(f.core.started).isEmpty();
  }
}
