package dev.gennaker.github;

import static dev.gennaker.core.trigger.TriggerFixture.ACME;
import static dev.gennaker.core.trigger.TriggerFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.trigger.FireSchedules;
import dev.gennaker.core.trigger.InMemoryScheduleCursors;
import dev.gennaker.core.trigger.TriggerFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/** Against a local stand-in for the EventBridge Scheduler REST API that records each request. */
class EventBridgeScheduleArmingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET =
      "arn:aws:lambda:eu-west-1:123456789012:function:gennaker-schedules";
  private static final String ROLE = "arn:aws:iam::123456789012:role/gennaker-scheduler";

  record Call(String method, String path, String body) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  /** Status answered to the next create (409 when the schedule exists). */
  private final AtomicInteger createStatus = new AtomicInteger(200);

  private final HttpServer server = start();
  private final SchedulerClient client =
      SchedulerClient.builder()
          .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
          .region(Region.EU_WEST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
          .httpClient(UrlConnectionHttpClient.create())
          .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
          .build();
  private final TriggerFixture f = new TriggerFixture();
  private final EventBridgeScheduleArming arming =
      new EventBridgeScheduleArming(client, f.tenantPipelines(), TARGET, ROLE, "gennaker");

  private HttpServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext(
          "/",
          ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().toString(), body));
            int status = 200;
            String answer =
                "{\"ScheduleArn\":\"arn:aws:scheduler:eu-west-1:123456789012:schedule/gennaker/x\"}";
            if (ex.getRequestMethod().equals("POST") && createStatus.get() != 200) {
              status = createStatus.get();
              answer = "{\"Message\":\"Schedule gennaker-acme already exists.\"}";
              ex.getResponseHeaders().add("x-amzn-ErrorType", "ConflictException");
            }
            if (ex.getRequestMethod().equals("DELETE")) {
              status = 404;
              answer = "{\"Message\":\"Schedule gennaker-acme does not exist.\"}";
              ex.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
          });
      s.start();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.stop(0);
  }

  private void schedules() {
    f.applyPipeline(
        ACME,
        pipeline(
            "orders",
            "weekday-mornings",
            "    - type: schedule\n      cron: \"0 6 * * 1-5\"\n      timezone: Europe/Berlin\n"));
    f.applyPipeline(
        ACME, pipeline("orders", "hourly", "    - type: schedule\n      cron: \"15 * * * *\"\n"));
  }

  @Test
  void arm_createsAOneTimeScheduleAtTheEarliestNextFiring_inUtc() throws Exception {
    schedules();
    // Monday 06:20 Berlin: the weekday schedule next fires on Tuesday, the hourly one at 06:15Z
    Instant now = Instant.parse("2026-11-23T05:20:00Z");
    assertThat(arming.arm(ACME, now)).contains(Instant.parse("2026-11-23T06:15:00Z"));

    Call create = calls.get(0);
    assertThat(create.method()).isEqualTo("POST");
    assertThat(create.path()).isEqualTo("/schedules/gennaker-acme");
    JsonNode body = JSON.readTree(create.body());
    assertThat(body.path("ScheduleExpression").asText()).isEqualTo("at(2026-11-23T06:15:00)");
    assertThat(body.path("ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
    assertThat(body.path("GroupName").asText()).isEqualTo("gennaker");
    assertThat(body.path("FlexibleTimeWindow").path("Mode").asText()).isEqualTo("OFF");
    assertThat(body.path("Target").path("Arn").asText()).isEqualTo(TARGET);
    assertThat(body.path("Target").path("RoleArn").asText()).isEqualTo(ROLE);
    assertThat(body.path("Target").path("Input").asText()).isEqualTo("{\"tenantId\":\"acme\"}");
  }

  @Test
  void arm_updatesAnExistingSchedule() {
    schedules();
    createStatus.set(409);
    arming.arm(ACME, Instant.parse("2026-11-23T05:20:00Z"));
    assertThat(calls).extracting(Call::method).containsExactly("POST", "PUT");
    assertThat(calls.get(1).path()).isEqualTo("/schedules/gennaker-acme");
    assertThat(calls.get(1).body()).contains("at(2026-11-23T06:15:00)");
  }

  @Test
  void nextFiring_followsTheTriggersTimeZone_acrossDaylightSaving() {
    f.applyPipeline(
        ACME,
        pipeline(
            "orders",
            "half-past-two",
            "    - type: schedule\n      cron: \"30 2 * * *\"\n      timezone: Europe/Berlin\n"));
    // 28 March 2027 02:30 does not exist in Berlin: it fires at 03:30 CEST = 01:30Z
    assertThat(arming.nextFiring(ACME, Instant.parse("2027-03-27T12:00:00Z")))
        .contains(Instant.parse("2027-03-28T01:30:00Z"));
  }

  @Test
  void tenantWithoutSchedules_hasItsScheduleDeleted_evenWhenAlreadyGone() {
    assertThat(arming.arm(ACME, Instant.parse("2026-11-23T05:20:00Z"))).isEmpty();
    assertThat(calls).extracting(Call::method).containsExactly("DELETE");
    assertThat(calls.get(0).path()).startsWith("/schedules/gennaker-acme");
  }

  @Test
  void firingHandler_startsWhatIsDue_onceEvenIfDeliveredTwice_andArmsTheNext() {
    schedules();
    InMemoryScheduleCursors cursors = new InMemoryScheduleCursors();
    FireSchedules fire = new FireSchedules(f.tenantPipelines(), cursors, f::start);
    fire.fireDue(ACME, Instant.parse("2026-11-23T04:00:00Z")); // schedules first seen
    ScheduleFiringHandler handler =
        new ScheduleFiringHandler(
            fire, arming, Clock.fixed(Instant.parse("2026-11-23T05:00:00Z"), ZoneOffset.UTC));

    Map<String, Object> first = handler.handleRequest(Map.of("tenantId", "acme"));
    Map<String, Object> again = handler.handleRequest(Map.of("tenantId", "acme"));

    assertThat((List<?>) first.get("started")).hasSize(2); // 04:15Z hourly, 05:00Z (06:00 Berlin)
    assertThat((List<?>) again.get("started")).isEmpty();
    assertThat(f.started).hasSize(2);
    assertThat(first.get("next")).isEqualTo("2026-11-23T05:15:00Z");
    assertThatThrownBy(() -> handler.handleRequest(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenantId");
  }

  @Test
  void schedulerUnavailable_isARetryableStoreFailure() {
    schedules();
    server.stop(0);
    assertThatThrownBy(() -> arming.arm(ACME, Instant.parse("2026-11-23T05:20:00Z")))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("gennaker-acme");
  }
}
