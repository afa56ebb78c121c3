package dev.gennaker.statemachines.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.statemachines.asl.Definitions;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.asl.Problem;
import dev.gennaker.statemachines.asl.Resources;
import dev.gennaker.statemachines.asl.StateMachine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The local Step Functions service, in process: state machines, executions, task tokens. The HTTP
 * server in {@code api} is a thin layer over this class, and Java code (tests, the CLI, the local
 * runtime) can use it directly.
 *
 * <p>Threading: every method is thread-safe and none blocks on an execution, except {@link
 * #awaitExecution}. Errors are {@link SfnException}s named as AWS names them. With a data
 * directory, everything accepted by a method is journalled before it returns.
 */
public final class LocalStepFunctions implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final SecureRandom RANDOM = new SecureRandom();

  final Clock clock;
  final boolean skipWaits;
  final String region;
  final String account;
  final Map<String, TaskFunction> stateOverrides;
  final Journal journal;
  final ExecutorService workers;
  final ExecutorService tasks;
  private final ScheduledThreadPoolExecutor timers;
  private final EngineConfig config;

  private final Map<String, TaskFunction> functions = new ConcurrentHashMap<>();
  private final Map<String, StateMachineInfo> machines = new ConcurrentHashMap<>();
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  final Map<String, Execution.TokenRef> tokens = new ConcurrentHashMap<>();

  /** Recently finished tokens, so that a late answer is TaskTimedOut rather than unknown. */
  final Set<String> closedTokens =
      java.util.Collections.newSetFromMap(
          java.util.Collections.synchronizedMap(
              new java.util.LinkedHashMap<String, Boolean>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 100_000;
                }
              }));

  /** A state machine as DescribeStateMachine shows it. */
  public record StateMachineInfo(
      String arn,
      String name,
      String definition,
      String roleArn,
      String type,
      Instant creationDate,
      Instant updateDate,
      int revision) {}

  /** An execution as DescribeExecution shows it; output, error and cause may be null. */
  public record ExecutionInfo(
      String arn,
      String name,
      String stateMachineArn,
      String status,
      Instant startDate,
      Instant stopDate,
      String input,
      String output,
      String error,
      String cause) {}

  public LocalStepFunctions(EngineConfig config) {
    this.config = config;
    this.clock = config.clock();
    this.skipWaits = config.skipWaits();
    this.region = config.region();
    this.account = config.account();
    this.stateOverrides = config.stateOverrides() == null ? Map.of() : config.stateOverrides();
    this.journal = new Journal(config.dataDir(), config.fsync());
    this.workers = Executors.newFixedThreadPool(config.threads(), daemon("asl-worker"));
    this.tasks = Executors.newFixedThreadPool(config.taskThreads(), daemon("asl-task"));
    this.timers = new ScheduledThreadPoolExecutor(1, daemon("asl-timer"));
    timers.setRemoveOnCancelPolicy(true);
    if (config.functions() != null) {
      functions.putAll(config.functions());
    }
    if (journal.enabled()) {
      recover();
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Registers a task function under a Lambda function name, replacing any earlier one. Functions
   * that recovered executions need must be in {@link EngineConfig#functions()} instead: recovery
   * starts in the constructor.
   */
  public void registerFunction(String name, TaskFunction fn) {
    functions.put(name, fn);
  }

  /** Validates a definition without creating anything. */
  public static List<Problem> validate(String definition) {
    return Definitions.validate(definition);
  }

  // ---------------------------------------------------------------- state machines

  private String stateMachineArn(String name) {
    return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
  }

  public StateMachineInfo createStateMachine(
      String name, String definition, String roleArn, String type) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new SfnException("InvalidName", "Invalid Name: '" + name + "'");
    }
    if (type != null && !type.equals("STANDARD")) {
      throw new SfnException(
          "ValidationException", "Only STANDARD state machines are supported by the local engine");
    }
    parseOrThrow(definition);
    String arn = stateMachineArn(name);
    synchronized (machines) {
      StateMachineInfo existing = machines.get(arn);
      if (existing != null) {
        if (existing.definition().equals(definition)
            && java.util.Objects.equals(existing.roleArn(), roleArn)) {
          return existing;
        }
        throw new SfnException(
            "StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
      }
      Instant now = clock.instant();
      StateMachineInfo info =
          new StateMachineInfo(arn, name, definition, roleArn, "STANDARD", now, now, 1);
      putMachine(info);
      return info;
    }
  }

  private void putMachine(StateMachineInfo info) {
    ObjectNode r = Json.object().put("op", "put").put("arn", info.arn()).put("name", info.name());
    r.put("definition", info.definition()).put("roleArn", info.roleArn());
    r.put("created", info.creationDate().toEpochMilli())
        .put("updated", info.updateDate().toEpochMilli());
    r.put("revision", info.revision());
    journal.appendStateMachineRecord(r);
    machines.put(info.arn(), info);
  }

  /** The last parsed definitions, so StartExecution does not validate a big definition again. */
  private final Map<String, StateMachine> parsedDefinitions =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<String, StateMachine>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StateMachine> eldest) {
              return size() > 256;
            }
          });

  private StateMachine parsed(String definition) {
    StateMachine m = parsedDefinitions.get(definition);
    if (m == null) {
      m = parseOrThrow(definition);
      parsedDefinitions.put(definition, m);
    }
    return m;
  }

  private static StateMachine parseOrThrow(String definition) {
    try {
      return Definitions.parse(definition);
    } catch (Definitions.InvalidDefinitionException e) {
      throw new SfnException("InvalidDefinition", e.getMessage());
    }
  }

  public StateMachineInfo updateStateMachine(String arn, String definition, String roleArn) {
    checkArn(arn, "stateMachine");
    if (definition != null) {
      parseOrThrow(definition);
    }
    synchronized (machines) {
      StateMachineInfo old = describeStateMachine(arn);
      StateMachineInfo info =
          new StateMachineInfo(
              arn,
              old.name(),
              definition == null ? old.definition() : definition,
              roleArn == null ? old.roleArn() : roleArn,
              old.type(),
              old.creationDate(),
              clock.instant(),
              old.revision() + 1);
      putMachine(info);
      return info;
    }
  }

  public void deleteStateMachine(String arn) {
    checkArn(arn, "stateMachine");
    synchronized (machines) {
      if (machines.remove(arn) != null) {
        journal.appendStateMachineRecord(Json.object().put("op", "delete").put("arn", arn));
      }
    }
    for (Execution e : executions.values()) {
      if (e.stateMachineArn.equals(arn) && e.status.equals("RUNNING")) {
        e.stop("States.Aborted", "The state machine was deleted");
      }
    }
  }

  public StateMachineInfo describeStateMachine(String arn) {
    checkArn(arn, "stateMachine");
    StateMachineInfo info = machines.get(arn);
    if (info == null) {
      throw new SfnException(
          "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }
    return info;
  }

  public List<StateMachineInfo> listStateMachines() {
    List<StateMachineInfo> l = new ArrayList<>(machines.values());
    l.sort(Comparator.comparing(StateMachineInfo::name));
    return l;
  }

  private static void checkArn(String arn, String resourceType) {
    if (arn == null
        || !arn.startsWith("arn:aws:states:")
        || !arn.contains(":" + resourceType + ":")) {
      throw new SfnException("InvalidArn", "Invalid Arn: '" + arn + "'");
    }
  }

  // ---------------------------------------------------------------- executions

  /**
   * Starts an execution. As in AWS, starting again with the same name and input while the first one
   * runs returns the first one; any other reuse of a name is ExecutionAlreadyExists.
   */
  public ExecutionInfo startExecution(String stateMachineArn, String name, String input) {
    StateMachineInfo sm = describeStateMachine(stateMachineArn);
    String n = name == null ? UUID.randomUUID().toString() : name;
    if (!NAME.matcher(n).matches()) {
      throw new SfnException("InvalidName", "Invalid Name: '" + n + "'");
    }
    String in = input == null ? "{}" : input;
    JsonNode inputJson;
    try {
      inputJson = Json.parse(in);
    } catch (IllegalArgumentException e) {
      throw new SfnException("InvalidExecutionInput", "Invalid Execution Input: " + e.getMessage());
    }
    if (in.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Execution.MAX_PAYLOAD) {
      throw new SfnException("ValidationException", "The execution input exceeds 262144 bytes");
    }
    String arn = "arn:aws:states:" + region + ":" + account + ":execution:" + sm.name() + ":" + n;
    Execution e;
    synchronized (executions) {
      Execution existing = executions.get(arn);
      if (existing != null) {
        if (existing.status.equals("RUNNING") && existing.input.equals(inputJson)) {
          return info(existing);
        }
        throw new SfnException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
      }
      e =
          new Execution(
              this,
              arn,
              n,
              sm.arn(),
              sm.definition(),
              parsed(sm.definition()),
              inputJson,
              clock.millis(),
              sm.roleArn());
      journal.writeHeader(e, UUID.randomUUID().toString());
      executions.put(arn, e);
    }
    e.start();
    return info(e);
  }

  private Execution execution(String arn) {
    checkArn(arn, "execution");
    Execution e = executions.get(arn);
    if (e == null) {
      throw new SfnException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
    }
    return e;
  }

  private static ExecutionInfo info(Execution e) {
    String status = e.status;
    return new ExecutionInfo(
        e.arn,
        e.name,
        e.stateMachineArn,
        status,
        Instant.ofEpochMilli(e.startMillis),
        status.equals("RUNNING") ? null : Instant.ofEpochMilli(e.stopMillis),
        Json.write(e.input),
        status.equals("SUCCEEDED") && e.output != null ? Json.write(e.output) : null,
        e.error,
        e.cause);
  }

  public ExecutionInfo describeExecution(String arn) {
    return info(execution(arn));
  }

  /** The state machine as the execution runs it: the definition it was started with. */
  public StateMachineInfo describeStateMachineForExecution(String executionArn) {
    Execution e = execution(executionArn);
    StateMachineInfo current = machines.get(e.stateMachineArn);
    Instant updated = current == null ? Instant.ofEpochMilli(e.startMillis) : current.updateDate();
    return new StateMachineInfo(
        e.stateMachineArn,
        e.stateMachineName,
        e.definition,
        e.roleArn,
        "STANDARD",
        current == null ? updated : current.creationDate(),
        updated,
        current == null ? 0 : current.revision());
  }

  /** Executions of a state machine, newest first, optionally only those with a status. */
  public List<ExecutionInfo> listExecutions(String stateMachineArn, String statusFilter) {
    describeStateMachine(stateMachineArn);
    List<ExecutionInfo> l = new ArrayList<>();
    for (Execution e : executions.values()) {
      if (e.stateMachineArn.equals(stateMachineArn)
          && (statusFilter == null || statusFilter.equals(e.status))) {
        l.add(info(e));
      }
    }
    l.sort(
        Comparator.comparing(ExecutionInfo::startDate)
            .reversed()
            .thenComparing(ExecutionInfo::name));
    return l;
  }

  public ExecutionInfo stopExecution(String arn, String error, String cause) {
    Execution e = execution(arn);
    e.stop(error, cause);
    try {
      e.awaitEnd(10, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
    return info(e);
  }

  /**
   * The execution's history events in the shape of GetExecutionHistory. Events are snapshots taken
   * on the execution's actor; this call may miss events of a turn in progress.
   */
  public List<ObjectNode> history(String arn) {
    Execution e = execution(arn);
    CopyOnRead copy = new CopyOnRead();
    e.post(() -> copy.take(e.history));
    try {
      copy.await();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new SfnException("ServiceUnavailable", "interrupted");
    }
    List<ObjectNode> out = new ArrayList<>(copy.events.size());
    for (String ev : copy.events) {
      out.add((ObjectNode) Json.parse(ev));
    }
    return out;
  }

  private static final class CopyOnRead {
    final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    volatile List<String> events;

    void take(List<String> h) {
      events = List.copyOf(h);
      done.countDown();
    }

    void await() throws InterruptedException {
      if (!done.await(30, TimeUnit.SECONDS)) {
        throw new SfnException("ServiceUnavailable", "the execution did not answer in time");
      }
    }
  }

  /** Waits until the execution has ended (its final state journalled) or the timeout passes. */
  public ExecutionInfo awaitExecution(String arn, Duration timeout) throws InterruptedException {
    Execution e = execution(arn);
    e.awaitEnd(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return info(e);
  }

  void executionEnded(Execution e) {
    // Nothing to release beyond what the execution did itself; kept as the hook for metrics.
  }

  // ---------------------------------------------------------------- task tokens

  String newToken() {
    byte[] b = new byte[48];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private Execution.TokenRef token(String token) {
    if (token == null || token.isEmpty() || token.length() > 1024) {
      throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
    }
    Execution.TokenRef ref = tokens.get(token);
    if (ref == null) {
      if (closedTokens.contains(token)) {
        throw new SfnException("TaskTimedOut", "Task Timed Out: '" + token + "'");
      }
      if (!token.matches("[A-Za-z0-9_-]{64}")) {
        throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
      }
      throw new SfnException("TaskDoesNotExist", "Task Does Not Exist: '" + token + "'");
    }
    return ref;
  }

  /**
   * Completes the task waiting on the token. Returns once the answer is journalled, so an answer
   * that was acknowledged survives a crash.
   *
   * @throws SfnException TaskDoesNotExist, InvalidToken, TaskTimedOut (the task no longer waits),
   *     InvalidOutput
   */
  public void sendTaskSuccess(String token, String output) {
    Execution.TokenRef ref = token(token);
    JsonNode out;
    try {
      out = Json.parse(output);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new SfnException("InvalidOutput", "Invalid Output: " + e.getMessage());
    }
    acknowledge(
        token,
        ack ->
            ref.execution()
                .post(() -> ref.execution().tokenSuccess(ref.frameId(), ref.seq(), out, ack)));
  }

  /** Fails the task waiting on the token; same contract as {@link #sendTaskSuccess}. */
  public void sendTaskFailure(String token, String error, String cause) {
    Execution.TokenRef ref = token(token);
    acknowledge(
        token,
        ack ->
            ref.execution()
                .post(
                    () ->
                        ref.execution().tokenFailure(ref.frameId(), ref.seq(), error, cause, ack)));
  }

  /** Restarts the task's HeartbeatSeconds clock; same contract as {@link #sendTaskSuccess}. */
  public void sendTaskHeartbeat(String token) {
    Execution.TokenRef ref = token(token);
    acknowledge(
        token,
        ack ->
            ref.execution()
                .post(() -> ref.execution().tokenHeartbeat(ref.frameId(), ref.seq(), ack)));
  }

  private static void acknowledge(
      String token,
      java.util.function.Consumer<java.util.concurrent.CompletableFuture<Boolean>> send) {
    java.util.concurrent.CompletableFuture<Boolean> ack =
        new java.util.concurrent.CompletableFuture<>();
    send.accept(ack);
    boolean accepted;
    try {
      accepted = ack.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SfnException("ServiceUnavailable", "interrupted");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new SfnException("ServiceUnavailable", "the execution did not answer in time");
    }
    if (!accepted) {
      throw new SfnException("TaskTimedOut", "Task Timed Out: '" + token + "'");
    }
  }

  // ---------------------------------------------------------------- resources

  ScheduledFuture<?> schedule(Execution e, long atMillis, Runnable message) {
    long delay = Math.max(0, atMillis - clock.millis());
    return timers.schedule(() -> e.post(message), delay, TimeUnit.MILLISECONDS);
  }

  JsonNode invoke(Resources.Resource res, JsonNode params) throws TaskFailure {
    switch (res.kind()) {
      case LAMBDA_FUNCTION:
        return callFunction(res.functionName(), params);
      case LAMBDA_INVOKE:
        {
          JsonNode fn = params.get("FunctionName");
          if (fn == null || !fn.isTextual()) {
            throw new TaskFailure(
                "States.Runtime", "The lambda:invoke parameters need FunctionName");
          }
          JsonNode payload = params.has("Payload") ? params.get("Payload") : Json.F.nullNode();
          JsonNode out = callFunction(Resources.functionName(fn.asText()), payload);
          ObjectNode r = Json.object();
          r.put("ExecutedVersion", "$LATEST");
          r.set("Payload", out);
          ObjectNode http = r.putObject("SdkHttpMetadata");
          http.putObject("AllHttpHeaders");
          http.putObject("HttpHeaders").put("Content-Type", "application/json");
          http.put("HttpStatusCode", 200);
          r.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
          r.put("StatusCode", 200);
          return r;
        }
      case SQS_SEND_MESSAGE:
        return sendMessage(params);
      default:
        throw new TaskFailure("States.Runtime", "Unsupported resource");
    }
  }

  private JsonNode callFunction(String name, JsonNode input) throws TaskFailure {
    TaskFunction fn = functions.get(name);
    if (fn == null) {
      throw new TaskFailure(
          "Lambda.ResourceNotFoundException",
          "Function not found: arn:aws:lambda:" + region + ":" + account + ":function:" + name);
    }
    try {
      return fn.apply(input);
    } catch (TaskFailure f) {
      ObjectNode c = Json.object().put("errorMessage", f.cause()).put("errorType", f.error());
      throw new TaskFailure(f.error(), Json.write(c));
    }
  }

  private JsonNode sendMessage(JsonNode p) throws TaskFailure {
    if (config.sqs() == null) {
      throw new TaskFailure(
          "SQS.SdkClientException", "No SQS client is configured in the local engine");
    }
    JsonNode body = p.get("MessageBody");
    SendMessageRequest.Builder b =
        SendMessageRequest.builder()
            .queueUrl(p.path("QueueUrl").asText())
            .messageBody(body == null ? "" : body.isTextual() ? body.asText() : Json.write(body));
    if (p.has("MessageGroupId")) {
      b.messageGroupId(p.get("MessageGroupId").asText());
    }
    if (p.has("MessageDeduplicationId")) {
      b.messageDeduplicationId(p.get("MessageDeduplicationId").asText());
    }
    if (p.has("DelaySeconds")) {
      b.delaySeconds(p.get("DelaySeconds").asInt());
    }
    try {
      SendMessageResponse r = config.sqs().sendMessage(b.build());
      ObjectNode out =
          Json.object()
              .put("MD5OfMessageBody", r.md5OfMessageBody())
              .put("MessageId", r.messageId());
      if (r.sequenceNumber() != null) {
        out.put("SequenceNumber", r.sequenceNumber());
      }
      return out;
    } catch (SqsException e) {
      String code = e.awsErrorDetails() == null ? "SqsException" : e.awsErrorDetails().errorCode();
      throw new TaskFailure("SQS." + code, e.getMessage());
    } catch (RuntimeException e) {
      throw new TaskFailure("SQS.SdkClientException", String.valueOf(e.getMessage()));
    }
  }

  // ---------------------------------------------------------------- recovery

  private void recover() {
    for (JsonNode r : journal.replayStateMachines()) {
      String arn = r.get("arn").asText();
      if (r.get("op").asText().equals("delete")) {
        machines.remove(arn);
      } else {
        machines.put(
            arn,
            new StateMachineInfo(
                arn,
                r.get("name").asText(),
                r.get("definition").asText(),
                r.path("roleArn").isNull() ? null : r.path("roleArn").asText(null),
                "STANDARD",
                Instant.ofEpochMilli(r.get("created").asLong()),
                Instant.ofEpochMilli(r.get("updated").asLong()),
                r.path("revision").asInt(1)));
      }
    }
    for (Journal.Replayed r : journal.replayExecutions()) {
      JsonNode h = r.header();
      String def = h.get("definition").asText();
      Execution e =
          new Execution(
              this,
              h.get("arn").asText(),
              h.get("name").asText(),
              h.get("stateMachineArn").asText(),
              def,
              parsed(def),
              Json.parse(h.get("input").asText()),
              h.get("start").asLong(),
              h.path("roleArn").isNull() ? null : h.path("roleArn").asText(null));
      e.journalFile = r.file();
      e.history.addAll(r.events());
      e.journalled = r.events().size();
      executions.put(e.arn, e);
      if (r.checkpoint() == null) {
        e.start();
      } else {
        e.restore(r.checkpoint());
        if (e.status.equals("RUNNING")) {
          e.resume();
        }
      }
    }
  }

  @Override
  public void close() {
    timers.shutdownNow();
    workers.shutdown();
    tasks.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
