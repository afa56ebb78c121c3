package dev.gennaker.slack.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.aws.dynamodb.LocalDynamoDb;
import dev.gennaker.aws.sfn.RunnerDefinition;
import dev.gennaker.aws.sqs.LocalSqs;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.slack.SlackConnection;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.slack.SlackBlocks;
import dev.gennaker.slack.SlackNotifier;
import dev.gennaker.slack.SlackSignature;
import dev.gennaker.slack.SlackStandIn;
import dev.gennaker.statemachines.api.StepFunctionsServer;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The Slack functions wired as deployed ({@link SlackWiring} over a {@link ControlPlane}) against
 * the local engines: DynamoDB Local, ElasticMQ for the {@code slack-work} queue, our Step Functions
 * server, files for blobs and secrets, and the {@link SlackStandIn} for Slack. One fresh tenant
 * (and workspace) per fixture, so suites share the engines.
 */
final class AwsSlackFixture implements AutoCloseable {
  static final String TOKEN = "xoxb-2222-aws-bot-token";
  static final String SIGNING_SECRET = "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5";
  static final String STAGE = "prod-approval";
  static final String APPROVAL = "prod-approval-1";
  static final String PIPELINE_YAML =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata:
        name: deploy-prod
        application: billing
      spec:
        stages:
          - id: prod-approval
            type: approval
            with:
              message: Promote billing to production?
              timeout: 4h
              remindEvery: 1h
      """;
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

  final MovableClock clock = new MovableClock(Instant.now());
  final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  final TenantId tenant = TenantId.of("slk-" + suffix);
  final String team = "T" + suffix.toUpperCase(Locale.ROOT);
  final String queuePrefix = "gennaker-" + suffix + "-";
  final SlackStandIn slack = SlackStandIn.start(TOKEN);
  final LocalStepFunctions engine = new LocalStepFunctions(EngineConfig.inMemory());
  final StepFunctionsServer sfn;
  final ControlPlane plane;
  final SlackWiring.Config config;
  final SlackWiring.Slack wired;
  final String queueUrl;

  AwsSlackFixture(Path data) {
    try {
      sfn = StepFunctionsServer.start(engine, new InetSocketAddress("127.0.0.1", 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String fn = "arn:aws:lambda:eu-west-1:123456789012:function:gennaker-";
    plane =
        new ControlPlane(
            new ControlPlane.Config(
                "eu-west-1",
                LocalDynamoDb.TABLE,
                new ControlPlane.Endpoints(
                    Optional.of(LocalDynamoDb.shared().endpoint()),
                    Optional.of(URI.create("http://127.0.0.1:9")),
                    Optional.of(sfn.endpoint())),
                queuePrefix,
                "arn:aws:states:eu-west-1:123456789012:stateMachine:",
                "gennaker-runner-",
                "arn:aws:iam::123456789012:role/gennaker-runner-",
                Map.of(
                    RunnerDefinition.PLAN, fn + "plan",
                    RunnerDefinition.RUN_STAGE, fn + "run-stage",
                    RunnerDefinition.RECORD_FAILURE, fn + "record-failure",
                    RunnerDefinition.FINISH, fn + "finish"),
                Optional.empty(),
                Optional.empty(),
                Optional.of(data),
                "slack-handler-test"),
            clock);
    config =
        new SlackWiring.Config(
            URI.create(slack.baseUrl()),
            URI.create("https://app.gennaker.dev/" + tenant.value()),
            Optional.empty());
    wired = SlackWiring.wire(plane, config);
    queueUrl =
        LocalSqs.shared()
            .client()
            .createQueue(b -> b.queueName(queuePrefix + "slack-work"))
            .queueUrl();

    plane.tenants().createTenant(new Tenant(tenant, "Acme", clock.instant()));
    member("dev@acme.example", Role.DEPLOYER);
    member("ana@acme.example", Role.DEPLOYER);
    wired.connections().put(new SlackConnection(tenant, team, "C0DEPLOYS", clock.instant()));
    plane.secrets().put(SlackNotifier.botToken(tenant), SecretValue.of(TOKEN));
    plane.secrets().put(SlackNotifier.signingSecret(tenant), SecretValue.of(SIGNING_SECRET));
    slack.user(new SlackStandIn.User("U0DEV", team, "dev", "dev@acme.example"));
    slack.user(new SlackStandIn.User("U0ANA", team, "ana", "ana@acme.example"));
    plane
        .pipelines()
        .apply(
            new PipelineVersion(
                tenant,
                "billing",
                "deploy-prod",
                1,
                PIPELINE_YAML,
                "9f1c2ab",
                "dev@acme.example",
                clock.instant()));
  }

  void member(String userId, Role role) {
    plane.tenants().putMember(new Member(tenant, userId, EnumSet.of(role), clock.instant()));
  }

  /** An execution waiting on {@link #APPROVAL}, its Slack message posted. */
  Execution awaitingApproval(String executionId) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("repository", "acme/billing");
    details.put("branch", "main");
    details.put("commit", "9f1c2ab34de5f6a7b8c9d0e1f2a3b4c5d6e7f809");
    details.put("author", "dev@acme.example");
    Execution e =
        plane
            .executions()
            .create(
                Execution.queued(
                        tenant,
                        executionId,
                        "billing",
                        "deploy-prod",
                        1,
                        new Trigger("github-push", "dev@acme.example", details),
                        Map.of(),
                        List.of(),
                        clock.instant())
                    .withStatus(ExecutionStatus.RUNNING, clock.instant()));
    plane
        .executions()
        .createStage(
            StageRecord.notStarted(tenant, executionId, STAGE, "approval")
                .started(clock.instant()));
    Approval a =
        Approval.pending(
            tenant,
            executionId,
            APPROVAL,
            STAGE,
            Set.of(Role.DEPLOYER, Role.EDITOR, Role.ADMIN),
            "dev@acme.example",
            clock.instant(),
            Optional.of(clock.instant().plus(Duration.ofHours(4))));
    String token = "AQCEAAAAKgAAAAMAAAAAAAAAA-" + executionId;
    plane.approvals().create(a, token);
    plane.taskTokens().put(tenant, executionId, STAGE, 1, token);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(Notifier.Facts.APPROVAL_ID, APPROVAL);
    facts.put(Notifier.Facts.ALLOWED_ROLES, "deployer,editor,admin");
    facts.put(Notifier.Facts.REQUESTED_FOR, "dev@acme.example");
    facts.put(Notifier.Facts.EXPIRES_AT, a.expiresAt().get().toString());
    wired
        .notifier()
        .notify(
            Notifier.Event.AWAITING_APPROVAL, e, STAGE, "Promote billing to production?", facts);
    if (!wired.delivery().awaitIdle(Duration.ofSeconds(10))) {
      throw new AssertionError("the approval message was not posted");
    }
    return e;
  }

  /** A block_actions payload, in the shape Slack documents, for a click on the approval. */
  String click(String slackUser, String actionId, String executionId, String actionTs) {
    ObjectNode p = resource("/slack/block_actions.json");
    ((ObjectNode) p.get("user")).put("id", slackUser).put("team_id", team);
    ((ObjectNode) p.get("team")).put("id", team);
    p.put("response_url", slack.responseUrl(executionId + "-" + slackUser + "-" + actionTs));
    ObjectNode action = (ObjectNode) p.get("actions").get(0);
    action.put("action_id", actionId);
    action.put("value", SlackBlocks.buttonValue(executionId, APPROVAL));
    action.put("action_ts", actionTs);
    return p.toString();
  }

  /** The API Gateway v2 event of Slack posting {@code payloadJson}, signed with {@code secret}. */
  APIGatewayV2HTTPEvent signedEvent(String payloadJson, String secret) {
    byte[] body =
        ("payload=" + java.net.URLEncoder.encode(payloadJson, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(clock.instant().getEpochSecond());
    APIGatewayV2HTTPEvent event =
        EventLoader.loadApiGatewayHttpEvent("events/apigw-v2-slack-interaction.json");
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    headers.put("content-length", Integer.toString(body.length));
    headers.put("x-slack-request-timestamp", ts);
    headers.put("x-slack-signature", SlackSignature.sign(secret, ts, body));
    event.setHeaders(headers);
    event.setBody(Base64.getEncoder().encodeToString(body));
    event.setIsBase64Encoded(true);
    return event;
  }

  /** An API Gateway v2 event of a JSON request to the API ({@code bearer} may be null). */
  static APIGatewayV2HTTPEvent apiEvent(String method, String path, String bearer, String json) {
    APIGatewayV2HTTPEvent event =
        EventLoader.loadApiGatewayHttpEvent("events/apigw-v2-slack-interaction.json");
    event.setRawPath(path);
    event.getRequestContext().getHttp().setMethod(method);
    event.getRequestContext().getHttp().setPath(path);
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    headers.put("host", "abcdef1234.execute-api.eu-west-1.amazonaws.com");
    headers.put("user-agent", "gennaker-cli/0.1");
    if (bearer != null) {
      headers.put("authorization", "Bearer " + bearer);
    }
    event.setHeaders(headers);
    event.setBody(
        json == null
            ? null
            : Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    event.setIsBase64Encoded(json != null);
    return event;
  }

  /** The messages waiting on the slack-work queue, received (not deleted). */
  List<Message> receiveWork() {
    List<Message> all = new ArrayList<>();
    while (true) {
      var got =
          LocalSqs.shared()
              .client()
              .receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0)
                          .visibilityTimeout(30)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (got.isEmpty()) {
        return all;
      }
      all.addAll(got);
    }
  }

  /** The SQS event Lambda hands {@code SlackWorkHandler} for {@code messages}. */
  static SQSEvent sqsEvent(List<Message> messages) {
    SQSEvent template = EventLoader.loadSQSEvent("events/sqs-slack-work.json");
    SQSEvent.SQSMessage shape = template.getRecords().get(0);
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
      r.setMessageId(m.messageId());
      r.setReceiptHandle(m.receiptHandle());
      r.setBody(m.body());
      r.setMd5OfBody(m.md5OfBody());
      Map<String, String> attributes = new HashMap<>(shape.getAttributes());
      m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
      r.setAttributes(attributes);
      r.setMessageAttributes(Map.of());
      r.setEventSource(shape.getEventSource());
      r.setEventSourceArn(shape.getEventSourceArn());
      r.setAwsRegion(shape.getAwsRegion());
      records.add(r);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  /** An SQS event of one message with {@code body}, received {@code receiveCount} times. */
  static SQSEvent.SQSMessage message(String id, String body, int receiveCount) {
    SQSEvent.SQSMessage r =
        EventLoader.loadSQSEvent("events/sqs-slack-work.json").getRecords().get(0);
    r.setMessageId(id);
    r.setBody(body);
    Map<String, String> attributes = new HashMap<>(r.getAttributes());
    attributes.put("ApproximateReceiveCount", Integer.toString(receiveCount));
    r.setAttributes(attributes);
    return r;
  }

  private static ObjectNode resource(String name) {
    try (var in = AwsSlackFixture.class.getResourceAsStream(name)) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    wired.connections().delete(tenant);
    LocalSqs.shared().client().deleteQueue(b -> b.queueUrl(queueUrl));
    plane.close();
    sfn.close();
    engine.close();
    slack.close();
  }
}
