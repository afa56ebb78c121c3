package dev.gennaker.github.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.gennaker.core.trigger.TriggerFixture;
import dev.gennaker.github.GitHubApi;
import dev.gennaker.github.GitHubStandIn;
import dev.gennaker.github.GitHubWiring;
import dev.gennaker.github.WebhookFixture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookHandlerTest {
  private static final String AFTER = "3c1f0e9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private final WebhookFixture f = new WebhookFixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static APIGatewayV2HTTPEvent event(
      String path, Map<String, String> headers, String body) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(path)
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("POST")
                        .withPath(path)
                        .withSourceIp("140.82.115.1")
                        .build())
                .build())
        .build();
  }

  @Test
  void push_throughLambda_startsThePipeline_andItsStatusIsOutBeforeTheHandlerReturns() {
    f.core.applyPipeline(
        TriggerFixture.ACME,
        TriggerFixture.pipeline(
            "orders",
            "orders-release",
            "    - type: github\n      repository: acme/orders\n      events: [push]\n"));
    f.github.on("POST /repos/acme/orders/statuses/" + AFTER, 201, "status-created.json");
    String body = GitHubStandIn.fixture("push.json");
    APIGatewayV2HTTPResponse r =
        new WebhookHandler(f.services)
            .handleRequest(
                event(
                    "/webhooks/github/acme",
                    Map.of(
                        "content-type", "application/json",
                        "x-github-event", "push",
                        "x-github-delivery", "9a1e7c3e-0f5c-11f1-8d0a-3b3c4f0b9e2d",
                        "x-hub-signature-256",
                            WebhookFixture.sign(
                                "It's a Secret to Everybody",
                                body.getBytes(StandardCharsets.UTF_8))),
                    body),
                null);
    assertThat(r.getStatusCode()).isEqualTo(202);
    assertThat(f.core.started).hasSize(1);
    // no polling: the handler waited for the report
    assertThat(f.github.requests("POST", "/repos/acme/orders/statuses/")).hasSize(1);
  }

  @Test
  void registryPaths_reachTheRegistryFunction() {
    APIGatewayV2HTTPResponse r =
        new WebhookHandler(f.services)
            .handleRequest(
                event("/webhooks/registry/acme", Map.of("content-type", "application/json"), "{}"),
                null);
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(r.getBody()).contains("registry webhook token");
  }

  @Test
  void config_needsThePortal_andDefaultsToGitHubCom() {
    assertThatThrownBy(() -> GitHubWiring.Config.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GENNAKER_PORTAL_URL");
    GitHubWiring.Config c =
        GitHubWiring.Config.fromEnvironment(Map.of("GENNAKER_PORTAL_URL", "https://app.example"));
    assertThat(c.githubApi()).isEqualTo(GitHubApi.PUBLIC_API);
    assertThat(
            GitHubWiring.Config.fromEnvironment(
                    Map.of(
                        "GENNAKER_PORTAL_URL", "https://app.example",
                        "GENNAKER_GITHUB_API_URL", "https://ghe.acme.example/api/v3"))
                .githubApi())
        .isEqualTo(URI.create("https://ghe.acme.example/api/v3"));
  }
}
