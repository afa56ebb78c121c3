package dev.gennaker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.runner.WebhookCallbacks;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretValue;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code webhook} stage against a real HTTP server on the loopback interface. */
class WebhookStageTest {
  private final RunnerHarness h = new RunnerHarness(Duration.ofSeconds(120), true);
  private HttpServer server;
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<String> callbackUrls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + body);
          String callback = exchange.getRequestHeaders().getFirst("X-Gennaker-Callback");
          if (callback != null) {
            callbackUrls.add(callback);
          }
          int status = statuses.isEmpty() ? 200 : statuses.poll();
          byte[] answer =
              ("{\"ok\":" + (status < 300) + "}\nsecond line").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    h.secrets.put(
        new SecretRef(RunnerHarness.TENANT, "qa-token"), SecretValue.of("Bearer s3cr3t-qa"));
  }

  @AfterEach
  void close() {
    server.stop(0);
    h.close();
  }

  private String pipeline(String extra) {
    return """
        apiVersion: gennaker.dev/v1
        kind: Pipeline
        metadata: {name: notify, application: orders}
        spec:
          stages:
            - id: call
              type: webhook
              with:
                url: URL
                headers:
                  Authorization: {secret: qa-token}
                body: {commit: "${trigger.commit}"}
        EXTRA"""
        .replace("URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook")
        .replace("EXTRA", extra);
  }

  private Execution run(String extra, ExecutionStatus expected) {
    h.apply(pipeline(extra));
    return h.await(h.start("notify", "dev-ana", Map.of("commit", "abc123")), expected);
  }

  @Test
  void call_resolvesSecretsAndExpressions_andCapturesTheAnswer() {
    Execution e = run("", ExecutionStatus.SUCCEEDED);
    assertThat(received).containsExactly("POST Bearer s3cr3t-qa {\"commit\":\"abc123\"}");
    assertThat(h.stage(e, "call").outputs())
        .containsEntry("status", "200")
        .containsEntry("body", "{\"ok\":true}\nsecond line");
    assertThat(h.history(e).toString()).doesNotContain("s3cr3t");
  }

  @Test
  void serverErrors_areRetried_thenTheCallSucceeds() {
    statuses.addAll(List.of(503, 502));
    run("", ExecutionStatus.SUCCEEDED);
    assertThat(received).hasSize(3);
  }

  @Test
  void serverErrorsThatLast_failTheStageAfterTheRetries() {
    statuses.addAll(List.of(500, 500, 500, 500, 500));
    Execution e = run("", ExecutionStatus.FAILED);
    assertThat(h.stage(e, "call").error().orElseThrow()).endsWith("/hook answered 500 (retried)");
    assertThat(received).hasSize(4);
  }

  @Test
  void unexpectedStatus_failsAtOnce_withTheFirstLineOfTheAnswer() {
    statuses.add(404);
    Execution e = run("", ExecutionStatus.FAILED);
    assertThat(h.stage(e, "call").error().orElseThrow())
        .endsWith("/hook answered 404, expected 2xx: {\"ok\":false}");
    assertThat(received).hasSize(1);
  }

  @Test
  void waitForCallback_waitsUntilTheSignedCallbackArrives() {
    h.apply(
        pipeline("")
            .replace(
                "body: {commit: \"${trigger.commit}\"}",
                "body: {commit: \"${trigger.commit}\"}\n        waitForCallback: true\n        callbackTimeout: 5m"));
    Execution e = h.start("notify", "dev-ana", Map.of("commit", "abc123"));
    RunnerHarness.awaitTrue(
        () -> !callbackUrls.isEmpty(), Duration.ofSeconds(20), () -> "the call");
    URI callback = URI.create(callbackUrls.get(0));
    String[] path = callback.getPath().split("/");
    String signature = callback.getQuery().substring("signature=".length());
    assertThatThrownBy(
            () ->
                h.callbacks.complete(
                    h.services,
                    RunnerHarness.TENANT,
                    path[4],
                    path[5],
                    1,
                    signature + "x",
                    null,
                    null))
        .isInstanceOf(WebhookCallbacks.BadSignatureException.class);
    assertThat(h.stages(e)).containsEntry("call", dev.gennaker.core.pipeline.StageStatus.RUNNING);
    h.callbacks.complete(
        h.services,
        RunnerHarness.TENANT,
        path[4],
        path[5],
        Integer.parseInt(path[6]),
        signature,
        "succeeded",
        "QA passed");
    h.await(e, ExecutionStatus.SUCCEEDED);
    assertThat(h.stage(e, "call").outputs()).containsEntry("message", "QA passed");
  }
}
