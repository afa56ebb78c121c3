package dev.gennaker.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gennaker.api.RateLimiter;
import dev.gennaker.api.Requests;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.InMemoryApprovalStore;
import dev.gennaker.core.audit.InMemoryAuditLog;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.InMemoryExecutionStore;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.runner.DecideApproval;
import dev.gennaker.core.runner.InMemoryTaskTokens;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.secret.InMemorySecretStore;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.slack.InMemorySlackConnections;
import dev.gennaker.core.slack.InMemorySlackMessages;
import dev.gennaker.core.slack.SlackConnection;
import dev.gennaker.core.store.InMemoryIdempotencyStore;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.InMemoryApiKeyStore;
import dev.gennaker.core.tenant.InMemoryTenantStore;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One tenant ({@code acme}) with Slack connected to the {@link SlackStandIn}, in-memory stores, the
 * real {@link DecideApproval} and a recording orchestrator; {@link #function} is the Slack HTTP
 * function. Work that production runs after answering runs on {@code worker} (direct by default).
 */
final class SlackFixture implements AutoCloseable {
  static final TenantId TENANT = TenantId.of("acme");
  static final String TEAM = "T0ACME";
  static final String CHANNEL = "C0DEPLOYS";
  static final String TOKEN = "xoxb-1111-acme-bot-token";
  static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final Instant T0 = Instant.parse("2026-11-22T14:00:00Z");
  static final String STAGE = "prod-approval";
  static final String APPROVAL = "prod-approval-1";
  static final String TASK_TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAfake-task-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MovableClock clock = new MovableClock(T0);
  final SlackStandIn slack = SlackStandIn.start(TOKEN);
  final PageTokens tokens = PageTokens.withPassphrase("slack-tests");
  final InMemoryExecutionStore executions = new InMemoryExecutionStore(tokens);
  final InMemoryApprovalStore approvals = new InMemoryApprovalStore(tokens);
  final InMemoryTenantStore tenants = new InMemoryTenantStore(tokens);
  final InMemorySecretStore secrets = new InMemorySecretStore();
  final InMemorySlackConnections connections = new InMemorySlackConnections();
  final InMemorySlackMessages messages = new InMemorySlackMessages();
  final InMemoryTaskTokens taskTokens = new InMemoryTaskTokens();
  final InMemoryApiKeyStore keyStore = new InMemoryApiKeyStore(tokens);
  final ApiKeys keys = new ApiKeys(keyStore, clock);
  final InMemoryAuditLog audit = new InMemoryAuditLog(tokens);
  final List<String> released = Collections.synchronizedList(new ArrayList<>());
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  final SlackApi api =
      new SlackApi(
          slack.baseUrl(),
          new SlackApi.Retries(4, Duration.ofMillis(100), Duration.ofSeconds(5), waits::add));
  final SlackNotifier notifier;
  final DecideApproval decide;
  final SlackFunction function;
  final SlackServices services;

  SlackFixture() {
    this(Runnable::run);
  }

  SlackFixture(Executor worker) {
    notifier =
        new SlackNotifier(
            connections,
            messages,
            secrets,
            executions,
            approvals,
            api,
            "https://app.gennaker.dev/acme",
            Runnable::run,
            clock);
    Orchestrator orchestrator =
        (Orchestrator)
            Proxy.newProxyInstance(
                Orchestrator.class.getClassLoader(),
                new Class<?>[] {Orchestrator.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("sendTaskSuccess")
                      || method.getName().equals("sendTaskFailure")) {
                    released.add(method.getName() + " " + args[0]);
                  }
                  return null;
                });
    RunnerServices runner =
        new RunnerServices(
            executions,
            null,
            approvals,
            null,
            null,
            taskTokens,
            orchestrator,
            notifier,
            null,
            clock);
    decide = new DecideApproval(runner);
    services =
        new SlackServices(
            connections,
            secrets,
            tenants,
            decide,
            new InMemoryIdempotencyStore(clock),
            api,
            notifier,
            new Requests(keys, new RateLimiter(1000, 1000, clock)),
            audit,
            worker,
            clock);
    function = new SlackFunction(services);
    tenants.createTenant(new Tenant(TENANT, "Acme", T0));
    connections.put(new SlackConnection(TENANT, TEAM, CHANNEL, T0));
    secrets.put(SlackNotifier.botToken(TENANT), SecretValue.of(TOKEN));
    secrets.put(SlackNotifier.signingSecret(TENANT), SecretValue.of(SIGNING_SECRET));
    member("dev@acme.example", Role.DEPLOYER);
    member("ana@acme.example", Role.DEPLOYER);
    member("bo@acme.example", Role.EDITOR);
    member("vi@acme.example", Role.VIEWER);
    slack.user(new SlackStandIn.User("U0DEV", TEAM, "dev", "dev@acme.example"));
    slack.user(new SlackStandIn.User("U0ANA", TEAM, "ana", "ana@acme.example"));
    slack.user(new SlackStandIn.User("U0BO", TEAM, "bo", "bo@acme.example"));
    slack.user(new SlackStandIn.User("U0VI", TEAM, "vi", "vi@acme.example"));
    slack.user(new SlackStandIn.User("U0EVE", TEAM, "eve", "eve@elsewhere.example"));
  }

  void member(String userId, Role role) {
    tenants.putMember(new Member(TENANT, userId, EnumSet.of(role), T0));
  }

  /** A running execution of acme's billing/deploy-prod, pushed by dev@acme.example. */
  Execution execution(String executionId) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("repository", "acme/billing");
    details.put("branch", "main");
    details.put("commit", "9f1c2ab34de5f6a7b8c9d0e1f2a3b4c5d6e7f809");
    details.put("message", "Raise the invoice batch size\n\nBecause the queue backs up.");
    details.put("author", "dev@acme.example");
    Execution e =
        Execution.queued(
                TENANT,
                executionId,
                "billing",
                "deploy-prod",
                3,
                new Trigger("github-push", "dev@acme.example", details),
                Map.of(),
                List.of(),
                T0)
            .withStatus(ExecutionStatus.RUNNING, T0);
    return executions.create(e);
  }

  StageRecord stage(String executionId, String stageId, String type) {
    return executions.createStage(
        StageRecord.notStarted(TENANT, executionId, stageId, type).started(clock.instant()));
  }

  /** An execution waiting on approval {@link #APPROVAL}, its Slack message posted. */
  Execution awaitingApproval(String executionId) {
    Execution e = execution(executionId);
    stage(executionId, STAGE, "approval");
    Approval a =
        Approval.pending(
            TENANT,
            executionId,
            APPROVAL,
            STAGE,
            Set.of(Role.DEPLOYER, Role.EDITOR, Role.ADMIN),
            "dev@acme.example",
            clock.instant(),
            Optional.of(clock.instant().plus(Duration.ofHours(4))));
    approvals.create(a, TASK_TOKEN);
    taskTokens.put(TENANT, executionId, STAGE, 1, TASK_TOKEN);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(Notifier.Facts.APPROVAL_ID, APPROVAL);
    facts.put(Notifier.Facts.ALLOWED_ROLES, "deployer,editor,admin");
    facts.put(Notifier.Facts.REQUESTED_FOR, "dev@acme.example");
    facts.put(Notifier.Facts.EXPIRES_AT, a.expiresAt().get().toString());
    notifier.notify(
        Notifier.Event.AWAITING_APPROVAL, e, STAGE, "Promote billing 1.42.0 to production?", facts);
    return e;
  }

  // ---- interaction payloads, in the shapes Slack documents ----------------------------------

  static JsonNode resource(String name) {
    try (var in = SlackFixture.class.getResourceAsStream("/slack/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A block_actions payload: {@code slackUser} clicked {@code actionId} on the approval. */
  String click(String slackUser, String actionId, String executionId, String actionTs) {
    var p = (com.fasterxml.jackson.databind.node.ObjectNode) resource("block_actions.json");
    ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("user"))
        .put("id", slackUser)
        .put("username", slackUser.toLowerCase())
        .put("name", slackUser.toLowerCase());
    p.put("response_url", slack.responseUrl(executionId + "-" + slackUser + "-" + actionTs));
    var action = (com.fasterxml.jackson.databind.node.ObjectNode) p.get("actions").get(0);
    action.put("action_id", actionId);
    action.put("value", SlackBlocks.buttonValue(executionId, APPROVAL));
    action.put("action_ts", actionTs);
    action.with("text").put("text", actionId.equals(SlackBlocks.APPROVE) ? "Approve" : "Reject");
    action.put("style", actionId.equals(SlackBlocks.APPROVE) ? "primary" : "danger");
    return p.toString();
  }

  /** A view_submission payload of the reject modal with {@code privateMetadata}. */
  String submitReject(String slackUser, String privateMetadata, String reason, String viewId) {
    var p = (com.fasterxml.jackson.databind.node.ObjectNode) resource("view_submission.json");
    ((com.fasterxml.jackson.databind.node.ObjectNode) p.get("user"))
        .put("id", slackUser)
        .put("username", slackUser.toLowerCase())
        .put("name", slackUser.toLowerCase());
    var view = (com.fasterxml.jackson.databind.node.ObjectNode) p.get("view");
    view.put("id", viewId);
    view.put("root_view_id", viewId);
    view.put("private_metadata", privateMetadata);
    view.with("state").with("values").with("reason").with("reason").put("value", reason);
    return p.toString();
  }

  /** The request Slack sends for {@code payloadJson}, signed with {@code secret} at {@code at}. */
  static HttpRequest signed(
      String payloadJson, String secret, Instant at, Map<String, String> extra) {
    byte[] body =
        ("payload=" + java.net.URLEncoder.encode(payloadJson, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(at.getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    headers.put("X-Slack-Request-Timestamp", ts);
    headers.put("X-Slack-Signature", SlackSignature.sign(secret, ts, body));
    headers.put("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)");
    headers.putAll(extra);
    return new HttpRequest(
        "POST", "/webhooks/slack/interactions", Map.of(), headers, body, "203.0.113.7");
  }

  HttpResponse send(String payloadJson) {
    return function.handle(signed(payloadJson, SIGNING_SECRET, clock.instant(), Map.of()));
  }

  // ---- golden files ------------------------------------------------------------------------

  /** Asserts {@code actualJson} equals {@code golden/<name>}; {@code -Dgolden.update} rewrites. */
  static void assertGolden(String name, String actualJson) {
    try {
      JsonNode actual = JSON.readTree(actualJson);
      Path file = Path.of("src/test/resources/golden", name);
      String pretty =
          JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(actual) + "\n";
      if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, pretty);
        if (!Boolean.getBoolean("golden.update")) {
          throw new AssertionError(
              "golden file " + file + " was missing and has been written: review it");
        }
        return;
      }
      JsonNode expected = JSON.readTree(Files.readString(file));
      org.assertj.core.api.Assertions.assertThat(pretty)
          .isEqualTo(
              JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(expected)
                  + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    slack.close();
  }
}
