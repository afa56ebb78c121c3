package dev.gennaker.core.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.core.pipeline.Stage;
import dev.gennaker.core.pipeline.stage.WebhookSpec;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code webhook}: calls a URL (headers may come from tenant secrets, resolved now and never
 * stored) and checks the status. A 5xx answer or no answer is {@code Gennaker.Retryable}, which the
 * state machine retries with backoff; other unexpected statuses fail the stage at once. With {@code
 * waitForCallback}, the call carries a signed callback URL and the stage waits for it.
 */
final class WebhookStageExecutor implements StageExecutor {
  static final int MAX_BODY = 4_096;
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookClient client;
  private final SecretStore secrets;
  private final WebhookCallbacks callbacks;

  WebhookStageExecutor(WebhookClient client, SecretStore secrets, WebhookCallbacks callbacks) {
    this.client = client;
    this.secrets = secrets;
    this.callbacks = callbacks;
  }

  @Override
  public Waiting waiting() {
    return Waiting.NONE;
  }

  @Override
  public Waiting waiting(Stage stage) {
    return ((WebhookSpec) stage.spec()).waitForCallback() ? Waiting.TOKEN : Waiting.NONE;
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(2);
  }

  @Override
  public Duration timeout(StageContext context) {
    var spec = (WebhookSpec) context.stage().spec();
    if (spec.waitForCallback()) {
      return spec.callbackTimeout();
    }
    return StageExecutor.super.timeout(context);
  }

  @Override
  public StageOutcome run(StageContext context) {
    return call(context, Map.of());
  }

  @Override
  public void start(StageContext context, String taskToken) {
    var e = context.execution();
    URI callback =
        callbacks.url(e.tenant(), e.executionId(), context.stage().id(), context.attempt());
    StageOutcome outcome = call(context, Map.of("X-Gennaker-Callback", callback.toString()));
    if (outcome instanceof StageOutcome.Failed failed) {
      throw new StageFailedException(failed.reason());
    }
  }

  private StageOutcome call(StageContext context, Map<String, String> extraHeaders) {
    var spec = (WebhookSpec) context.stage().spec();
    URI url;
    try {
      url = new URI(context.text(spec.url()));
    } catch (URISyntaxException ex) {
      return new StageOutcome.Failed("the webhook URL is not valid: " + ex.getReason());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (var h : spec.headers().entrySet()) {
      var v = h.getValue();
      if (v.secret() != null) {
        var secret = secrets.get(new SecretRef(context.execution().tenant(), v.secret()));
        if (secret.isEmpty()) {
          return new StageOutcome.Failed(
              "header "
                  + h.getKey()
                  + " needs the secret \""
                  + v.secret()
                  + "\", which does not exist");
        }
        headers.put(h.getKey(), secret.get().reveal());
      } else {
        headers.put(h.getKey(), context.text(v.value()));
      }
    }
    headers.putAll(extraHeaders);
    String body = null;
    if (spec.body() != null) {
      Object resolved = context.interpolateTree(spec.body());
      try {
        body = resolved instanceof String s ? s : JSON.writeValueAsString(resolved);
      } catch (JsonProcessingException ex) {
        return new StageOutcome.Failed(
            "the webhook body cannot be written: " + ex.getOriginalMessage());
      }
      headers.putIfAbsent("Content-Type", "application/json");
    }
    WebhookClient.Response response;
    try {
      response = client.call(spec.method(), url, headers, body, CALL_TIMEOUT);
    } catch (WebhookClient.UnreachableException ex) {
      throw new StageExecutor.RetryableException(
          spec.method() + " " + url + " got no answer: " + ex.getMessage());
    }
    String text = response.body() == null ? "" : response.body();
    String cut = text.length() > MAX_BODY ? text.substring(0, MAX_BODY) + "…" : text;
    if (response.status() >= 500) {
      throw new StageExecutor.RetryableException(
          spec.method() + " " + url + " answered " + response.status());
    }
    boolean expected =
        spec.expectStatus().isEmpty()
            ? response.status() >= 200 && response.status() < 300
            : spec.expectStatus().contains(response.status());
    if (!expected) {
      return new StageOutcome.Failed(
          spec.method()
              + " "
              + url
              + " answered "
              + response.status()
              + ", expected "
              + (spec.expectStatus().isEmpty() ? "2xx" : spec.expectStatus().toString())
              + (cut.isBlank() ? "" : ": " + firstLine(cut)));
    }
    return new StageOutcome.Succeeded(
        Map.of(
            "status",
            String.valueOf(response.status()),
            "body",
            cut.length() > 1024 ? cut.substring(0, 1024) : cut));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
