package dev.gennaker.statemachines.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.statemachines.asl.ChoiceRules;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.asl.JsonataEval;
import dev.gennaker.statemachines.asl.Paths;
import dev.gennaker.statemachines.asl.Resources;
import dev.gennaker.statemachines.asl.StateMachine;
import dev.gennaker.statemachines.asl.StateMachine.State;
import dev.gennaker.statemachines.asl.StatesError;
import dev.gennaker.statemachines.asl.Templates;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One execution, interpreted as an actor: messages (start, task results, timers, task tokens, stop)
 * are queued and processed one at a time on the engine's worker pool, so the execution's state
 * needs no locks and a parked execution holds no thread. At the end of each turn that changed
 * anything, new history events and a checkpoint of the frames are journalled, and only then are
 * side effects (task invocations, timers) started: a task token handed out is always in the journal
 * first.
 */
final class Execution {
  static final int MAX_PAYLOAD = 256 * 1024;
  static final int MAX_EVENTS = 25_000;

  final LocalStepFunctions engine;
  final String arn;
  final String name;
  final String stateMachineArn;
  final String stateMachineName;
  final String definition;
  final StateMachine machine;
  final JsonNode input;
  final long startMillis;
  final String roleArn;

  /** The journal file, or null when the engine keeps nothing on disk. */
  java.nio.file.Path journalFile;

  /** Characters appended to the journal file since it was last compacted. */
  long journalBytes;

  volatile String status = "RUNNING";
  volatile long stopMillis;
  volatile JsonNode output;
  volatile String error;
  volatile String cause;

  /** History events, serialised: an ObjectNode costs several times its JSON text in heap. */
  final List<String> history = new ArrayList<>();

  int journalled;
  final Map<Long, Frame> frames = new LinkedHashMap<>();
  long nextFrameId;

  private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ArrayDeque<Frame> ready = new ArrayDeque<>();
  private final List<Runnable> effects = new ArrayList<>();
  private boolean dirty;
  final CountDownLatch finished = new CountDownLatch(1);

  Execution(
      LocalStepFunctions engine,
      String arn,
      String name,
      String stateMachineArn,
      String definition,
      StateMachine machine,
      JsonNode input,
      long startMillis,
      String roleArn) {
    this.engine = engine;
    this.arn = arn;
    this.name = name;
    this.stateMachineArn = stateMachineArn;
    this.stateMachineName = stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
    this.definition = definition;
    this.machine = machine;
    this.input = input;
    this.startMillis = startMillis;
    this.roleArn = roleArn;
  }

  // ---------------------------------------------------------------- actor

  void post(Runnable message) {
    mailbox.add(message);
    if (scheduled.compareAndSet(false, true)) {
      schedule();
    }
  }

  private void schedule() {
    try {
      engine.workers.execute(this::drain);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // The engine is closing: the message is dropped here and redone from the journal.
      scheduled.set(false);
    }
  }

  private void drain() {
    try {
      Runnable m;
      while ((m = mailbox.poll()) != null) {
        try {
          m.run();
          runReady();
        } catch (RuntimeException e) {
          // A defect in the engine must not leave the execution hanging silently.
          failExecution("States.Runtime", "Internal error in the local engine: " + e);
        }
      }
      if (dirty) {
        dirty = false;
        engine.journal.checkpoint(this);
      }
      List<Runnable> now = new ArrayList<>(effects);
      effects.clear();
      for (Runnable effect : now) {
        try {
          effect.run();
        } catch (java.util.concurrent.RejectedExecutionException closed) {
          // The engine is closing; the journal lets a new engine redo this effect.
        }
      }
    } finally {
      scheduled.set(false);
      if (!mailbox.isEmpty() && scheduled.compareAndSet(false, true)) {
        schedule();
      }
    }
  }

  long now() {
    return engine.clock.millis();
  }

  // ---------------------------------------------------------------- lifecycle

  void start() {
    post(
        () -> {
          ObjectNode d = Json.object();
          d.put("input", Json.write(input));
          d.putObject("inputDetails").put("truncated", false);
          d.put("roleArn", roleArn);
          d.put("stateMachineArn", stateMachineArn);
          Frame root = newFrame(-1, 0, machine, input, null);
          event(root, "ExecutionStarted", "executionStartedEventDetails", d);
          ready.add(root);
          armExecutionTimeout();
        });
  }

  private void armExecutionTimeout() {
    if (machine.timeoutSeconds() != null) {
      long at = startMillis + machine.timeoutSeconds() * 1000L;
      effects.add(
          () ->
              engine.schedule(
                  this,
                  at,
                  () -> {
                    if (status.equals("RUNNING")) {
                      endExecution(
                          "TIMED_OUT",
                          null,
                          StatesError.TIMEOUT,
                          "The execution timed out",
                          "ExecutionTimedOut",
                          "executionTimedOutEventDetails");
                    }
                  }));
    }
  }

  /** Rebuilds timers, tokens and in-flight tasks after the journal was replayed. */
  /**
   * Rebuilds tokens, timers and in-flight tasks after the journal was replayed. Runs on the
   * recovering thread before the engine is visible to anyone, so that every token is valid the
   * moment the constructor returns; the side effects then start on the actor.
   */
  void resume() {
    for (Frame f : frames.values()) {
      f.machine = machineOf(f);
    }
    for (Frame f : new ArrayList<>(frames.values())) {
      State s = f.stateName == null ? null : f.machine.states().get(f.stateName);
      switch (f.phase) {
        case READY -> ready.add(f);
        case WAITING, RETRY_WAIT -> armTimer(f, f.deadline);
        case TASK_RUNNING -> {
          // At-least-once: the task may or may not have run before the crash.
          f.seq++;
          dirty = true;
          if (f.token != null) {
            engine.tokens.put(f.token, new TokenRef(this, f.id, f.seq));
          }
          armTaskTimers(f);
          invokeTask(f, s);
        }
        case TASK_TOKEN -> {
          engine.tokens.put(f.token, new TokenRef(this, f.id, f.seq));
          armTaskTimers(f);
        }
        default -> {}
      }
    }
    armExecutionTimeout();
    post(() -> {});
  }

  private StateMachine machineOf(Frame f) {
    if (f.parentId < 0) {
      return machine;
    }
    Frame p = frames.get(f.parentId);
    StateMachine pm = p.machine != null ? p.machine : machineOf(p);
    State ps = pm.state(p.stateName);
    return ps.type().equals("Parallel") ? ps.branches().get(f.index) : ps.processor();
  }

  private Frame newFrame(long parentId, int index, StateMachine m, JsonNode in, ObjectNode vars) {
    Frame f = new Frame(nextFrameId++, parentId, index, m);
    f.stateName = m.startAt();
    f.stateInput = in;
    f.vars = vars;
    if (parentId >= 0) {
      // A branch's first event follows the parent's latest one (ParallelStateStarted,
      // MapIterationStarted), as in AWS histories.
      f.lastEventId = frames.get(parentId).lastEventId;
    }
    frames.put(f.id, f);
    dirty = true;
    return f;
  }

  // ---------------------------------------------------------------- events

  ObjectNode event(Frame f, String type, String detailsKey, ObjectNode details) {
    ObjectNode e = Json.object();
    e.put("timestamp", now() / 1000.0);
    e.put("type", type);
    e.put("id", history.size() + 1);
    long prev = f != null ? f.lastEventId : history.size();
    e.put("previousEventId", prev);
    if (detailsKey != null) {
      e.set(detailsKey, details);
    }
    history.add(Json.write(e));
    if (f != null) {
      f.lastEventId = history.size();
    }
    dirty = true;
    return e;
  }

  private static ObjectNode details() {
    return Json.object();
  }

  private void stateEvent(Frame f, State s, boolean entered, JsonNode payload) {
    stateEvent(f, s, entered, Json.write(payload));
  }

  private void stateEvent(Frame f, State s, boolean entered, String payloadJson) {
    ObjectNode d = details().put("name", s.name());
    if (entered) {
      d.put("input", payloadJson);
      d.putObject("inputDetails").put("truncated", false);
      event(f, s.type() + "StateEntered", "stateEnteredEventDetails", d);
    } else {
      d.put("output", payloadJson);
      d.putObject("outputDetails").put("truncated", false);
      event(f, s.type() + "StateExited", "stateExitedEventDetails", d);
    }
  }

  // ---------------------------------------------------------------- scopes

  /** Paths, context and variables as seen from one frame. */
  private final class Scope implements Paths.Scope {
    final Frame f;
    final JsonNode in;
    Map<String, JsonNode> extraContext;

    Scope(Frame f, JsonNode in) {
      this.f = f;
      this.in = in;
    }

    @Override
    public JsonNode input() {
      return in;
    }

    @Override
    public JsonNode context() {
      return contextObject(f, extraContext);
    }

    @Override
    public JsonNode variable(String name) {
      for (Frame x = f; x != null; x = x.parentId < 0 ? null : frames.get(x.parentId)) {
        if (x.vars != null && x.vars.has(name)) {
          return x.vars.get(name);
        }
      }
      return null;
    }

    List<String> variableNames() {
      Set<String> names = new LinkedHashSet<>();
      for (Frame x = f; x != null; x = x.parentId < 0 ? null : frames.get(x.parentId)) {
        if (x.vars != null) {
          x.vars.fieldNames().forEachRemaining(names::add);
        }
      }
      return new ArrayList<>(names);
    }
  }

  private ObjectNode contextObject(Frame f, Map<String, JsonNode> extra) {
    ObjectNode c = Json.object();
    ObjectNode ex = c.putObject("Execution");
    ex.put("Id", arn).set("Input", input);
    ex.put("Name", name)
        .put("RoleArn", roleArn)
        .put("StartTime", Instant.ofEpochMilli(startMillis).toString());
    ex.put("RedriveCount", 0);
    ObjectNode st = c.putObject("State");
    st.put("EnteredTime", Instant.ofEpochMilli(f.enteredMillis).toString());
    st.put("Name", f.stateName).put("RetryCount", f.retryCount);
    c.putObject("StateMachine").put("Id", stateMachineArn).put("Name", stateMachineName);
    if (f.token != null) {
      c.putObject("Task").put("Token", f.token);
    }
    if (extra != null) {
      extra.forEach(c::set);
    }
    return c;
  }

  private ObjectNode statesVar(Scope scope, JsonNode input, JsonNode result, JsonNode errorOutput) {
    ObjectNode s = Json.object();
    s.set("input", input);
    if (result != null) {
      s.set("result", result);
    }
    if (errorOutput != null) {
      s.set("errorOutput", errorOutput);
    }
    s.set("context", scope.context());
    return s;
  }

  private JsonNode jsonata(JsonNode template, Scope scope, ObjectNode states) {
    return JsonataEval.evaluate(template, states, scope, scope.variableNames());
  }

  // ---------------------------------------------------------------- interpreter

  /**
   * Runs ready frames one state at a time, round-robin, so that Parallel branches and Map
   * iterations advance together as they would on AWS instead of one running to completion first.
   */
  private void runReady() {
    Frame f;
    while ((f = ready.poll()) != null) {
      if (f.phase != Frame.Phase.READY || !frames.containsKey(f.id) || !status.equals("RUNNING")) {
        continue;
      }
      if (history.size() >= MAX_EVENTS) {
        // Step Functions' own limit; it also stops a loop of states that never waits from
        // holding a worker thread forever.
        failExecution(
            StatesError.RUNTIME,
            "The execution reached the maximum number of history events (" + MAX_EVENTS + ").");
        ready.clear();
        return;
      }
      State s = f.machine.state(f.stateName);
      try {
        runState(f, s);
      } catch (StatesError e) {
        handleError(f, s, e.error(), e.cause());
      }
      if (f.phase == Frame.Phase.READY && frames.containsKey(f.id)) {
        ready.add(f);
      }
    }
  }

  private void runState(Frame f, State s) {
    if (!f.entered) {
      f.entered = true;
      f.enteredMillis = now();
      f.retryCount = 0;
      f.retryCounts = s.retry().isEmpty() ? null : new int[s.retry().size()];
      if (f.stateInputJson != null) {
        stateEvent(f, s, true, f.stateInputJson);
        f.stateInputJson = null;
      } else {
        stateEvent(f, s, true, f.stateInput);
      }
    }
    Scope raw = new Scope(f, f.stateInput);
    boolean jsonata = s.jsonata();
    JsonNode eff = jsonata ? f.stateInput : inputPath(s, f.stateInput, raw);
    Scope scope = new Scope(f, eff);
    switch (s.type()) {
      case "Pass" -> {
        JsonNode result;
        if (jsonata) {
          finish(f, s, null, raw);
          return;
        }
        if (s.has("Parameters")) {
          result =
              Templates.evaluate(s.field("Parameters"), scope, StatesError.PARAMETER_PATH_FAILURE);
        } else if (s.has("Result")) {
          result = s.field("Result");
        } else {
          result = eff;
        }
        finish(f, s, result, raw);
      }
      case "Succeed", "Choice" -> {
        String next = null;
        ObjectNode ruleAssign = null;
        JsonNode ruleOutput = null;
        if (s.type().equals("Choice")) {
          for (JsonNode rule : s.field("Choices")) {
            boolean m;
            if (jsonata) {
              JsonNode c =
                  jsonata(rule.get("Condition"), raw, statesVar(raw, f.stateInput, null, null));
              if (!c.isBoolean()) {
                throw new StatesError(
                    StatesError.QUERY_EVALUATION_ERROR,
                    "A Condition must evaluate to a boolean, got " + Json.write(c));
              }
              m = c.booleanValue();
            } else {
              m = ChoiceRules.matches(rule, scope);
            }
            if (m) {
              next = rule.get("Next").asText();
              ruleAssign = rule.get("Assign") instanceof ObjectNode o ? o : null;
              ruleOutput = rule.get("Output");
              break;
            }
          }
          if (next == null) {
            next = s.text("Default");
          }
          if (next == null) {
            throw new StatesError(
                StatesError.NO_CHOICE_MATCHED,
                "No Choice Rules matched and no Default was specified");
          }
        }
        JsonNode out;
        if (jsonata) {
          ObjectNode sv = statesVar(raw, f.stateInput, null, null);
          JsonNode outTpl = ruleOutput != null ? ruleOutput : s.field("Output");
          out = outTpl == null ? f.stateInput : jsonata(outTpl, raw, sv);
          assign(f, s, ruleAssign != null ? ruleAssign : s.field("Assign"), raw, sv, true);
        } else {
          out = outputPath(s, eff, scope);
          assign(f, s, ruleAssign != null ? ruleAssign : s.field("Assign"), scope, null, false);
        }
        exitState(f, s, out, next);
      }
      case "Fail" -> {
        String err;
        String cau;
        if (jsonata) {
          ObjectNode sv = statesVar(raw, f.stateInput, null, null);
          err = s.has("Error") ? jsonata(s.field("Error"), raw, sv).asText() : null;
          cau = s.has("Cause") ? jsonata(s.field("Cause"), raw, sv).asText() : null;
        } else {
          err =
              s.has("ErrorPath")
                  ? Templates.dynamic(s.text("ErrorPath"), raw, StatesError.RUNTIME).asText()
                  : s.text("Error");
          cau =
              s.has("CausePath")
                  ? Templates.dynamic(s.text("CausePath"), raw, StatesError.RUNTIME).asText()
                  : s.text("Cause");
        }
        f.phase = Frame.Phase.DONE;
        frameFailed(f, err, cau);
      }
      case "Wait" -> {
        long at;
        if (jsonata) {
          ObjectNode sv = statesVar(raw, f.stateInput, null, null);
          if (s.has("Seconds")) {
            JsonNode v =
                JsonataEval.isExpression(s.field("Seconds"))
                    ? jsonata(s.field("Seconds"), raw, sv)
                    : s.field("Seconds");
            at = f.enteredMillis + seconds(v, "Seconds") * 1000;
          } else {
            JsonNode v =
                JsonataEval.isExpression(s.field("Timestamp"))
                    ? jsonata(s.field("Timestamp"), raw, sv)
                    : s.field("Timestamp");
            at = timestampMillis(v);
          }
        } else if (s.has("Seconds")) {
          at = f.enteredMillis + s.field("Seconds").asLong() * 1000;
        } else if (s.has("SecondsPath")) {
          at =
              f.enteredMillis
                  + seconds(
                          Paths.resolve(s.text("SecondsPath"), scope, StatesError.RUNTIME),
                          "SecondsPath")
                      * 1000;
        } else if (s.has("Timestamp")) {
          at = timestampMillis(s.field("Timestamp"));
        } else {
          at = timestampMillis(Paths.resolve(s.text("TimestampPath"), scope, StatesError.RUNTIME));
        }
        f.effectiveInput = eff;
        if (engine.skipWaits || at <= now()) {
          completeWait(f, s);
        } else {
          f.phase = Frame.Phase.WAITING;
          f.deadline = at;
          f.seq++;
          armTimer(f, at);
        }
      }
      case "Task" -> startTask(f, s, raw, scope, eff);
      case "Parallel" -> startParallel(f, s, raw, scope, eff);
      case "Map" -> startMap(f, s, raw, scope, eff);
      default -> throw new StatesError(StatesError.RUNTIME, "Unknown state type " + s.type());
    }
  }

  private static long seconds(JsonNode v, String field) {
    if (!v.isIntegralNumber() || v.asLong() < 0) {
      throw new StatesError(
          StatesError.RUNTIME,
          "The " + field + " value must be a non-negative integer, got " + Json.write(v));
    }
    return v.asLong();
  }

  private static long timestampMillis(JsonNode v) {
    Instant t = ChoiceRules.timestamp(v);
    if (t == null) {
      throw new StatesError(StatesError.RUNTIME, "Not an RFC 3339 timestamp: " + Json.write(v));
    }
    return t.toEpochMilli();
  }

  private void completeWait(Frame f, State s) {
    f.phase = Frame.Phase.READY;
    Scope raw = new Scope(f, f.stateInput);
    JsonNode out;
    if (s.jsonata()) {
      ObjectNode sv = statesVar(raw, f.stateInput, null, null);
      out = s.has("Output") ? jsonata(s.field("Output"), raw, sv) : f.stateInput;
      assign(f, s, s.field("Assign"), raw, sv, true);
    } else {
      Scope scope = new Scope(f, f.effectiveInput);
      out = outputPath(s, f.effectiveInput, scope);
      assign(f, s, s.field("Assign"), scope, null, false);
    }
    exitState(f, s, out, s.next());
  }

  private JsonNode inputPath(State s, JsonNode in, Scope raw) {
    if (!s.has("InputPath")) {
      return in;
    }
    if (s.field("InputPath").isNull()) {
      return Json.object();
    }
    return Paths.resolve(s.text("InputPath"), raw, StatesError.RUNTIME);
  }

  private JsonNode outputPath(State s, JsonNode out, Scope scope) {
    if (!s.has("OutputPath")) {
      return out;
    }
    if (s.field("OutputPath").isNull()) {
      return Json.object();
    }
    Scope o = new Scope(scope.f, out);
    return Paths.resolve(s.text("OutputPath"), o, StatesError.RUNTIME);
  }

  /** Evaluates Assign; all expressions see the variables as they were before the state. */
  private void assign(
      Frame f, State s, JsonNode tpl, Scope scope, ObjectNode statesVar, boolean jsonata) {
    if (tpl == null || !tpl.isObject()) {
      return;
    }
    JsonNode values =
        jsonata
            ? jsonata(tpl, scope, statesVar)
            : Templates.evaluate(tpl, scope, StatesError.RUNTIME);
    ObjectNode vars = f.vars == null ? Json.object() : f.vars.deepCopy();
    values.fields().forEachRemaining(e -> vars.set(e.getKey(), e.getValue()));
    f.vars = vars;
  }

  /** ResultSelector already applied; applies Assign, ResultPath, OutputPath and moves on. */
  private void finish(Frame f, State s, JsonNode result, Scope raw) {
    JsonNode out;
    if (s.jsonata()) {
      ObjectNode sv = statesVar(raw, f.stateInput, result, null);
      JsonNode tpl = s.field("Output");
      if (tpl != null) {
        out = jsonata(tpl, raw, sv);
      } else {
        out = result != null ? result : f.stateInput;
      }
      assign(f, s, s.field("Assign"), raw, sv, true);
    } else {
      assign(f, s, s.field("Assign"), new Scope(f, result), null, false);
      JsonNode merged;
      if (!s.has("ResultPath")) {
        merged = result;
      } else if (s.field("ResultPath").isNull()) {
        merged = f.stateInput;
      } else {
        merged = Paths.set(f.stateInput, s.text("ResultPath"), result);
      }
      out = outputPath(s, merged, raw);
    }
    exitState(f, s, out, s.next());
  }

  private void exitState(Frame f, State s, JsonNode out, String next) {
    String outJson = Json.write(out);
    if (exceedsPayloadLimit(outJson)) {
      throw new StatesError(
          StatesError.DATA_LIMIT_EXCEEDED,
          "The state/task '"
              + s.name()
              + "' returned a result with a size exceeding the maximum number of bytes service limit.");
    }
    if (!s.type().equals("Fail")) {
      stateEvent(f, s, false, outJson);
    }
    f.cancelTimers();
    f.token = null;
    f.effectiveInput = null;
    f.entered = false;
    f.results = null;
    f.items = null;
    if (next == null) {
      f.phase = Frame.Phase.DONE;
      frameSucceeded(f, out);
    } else {
      f.stateName = next;
      f.stateInput = out;
      f.stateInputJson = outJson;
      f.phase = Frame.Phase.READY;
    }
  }

  /** Whether JSON text is over 256 KiB in UTF-8, encoding only when the length cannot tell. */
  private static boolean exceedsPayloadLimit(String json) {
    return json.length() * 3L > MAX_PAYLOAD
        && json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD;
  }

  private JsonNode resultSelector(State s, JsonNode result, Frame f) {
    if (s.jsonata() || !s.has("ResultSelector")) {
      return result;
    }
    return Templates.evaluate(
        s.field("ResultSelector"), new Scope(f, result), StatesError.PARAMETER_PATH_FAILURE);
  }

  // ---------------------------------------------------------------- errors

  static boolean matches(List<String> errorEquals, String error) {
    for (String e : errorEquals) {
      if (e.equals(error)) {
        return true;
      }
      if (e.equals(StatesError.ALL)
          && !error.equals(StatesError.RUNTIME)
          && !error.equals(StatesError.DATA_LIMIT_EXCEEDED)) {
        return true;
      }
      if (e.equals(StatesError.TASK_FAILED) && !error.startsWith("States.")) {
        return true;
      }
    }
    return false;
  }

  private void handleError(Frame f, State s, String err, String cau) {
    f.cancelTimers();
    if (!err.equals(StatesError.RUNTIME) && f.phase != Frame.Phase.DONE) {
      for (int i = 0; i < s.retry().size(); i++) {
        StateMachine.Retrier r = s.retry().get(i);
        if (matches(r.errorEquals(), err)) {
          if (f.retryCounts[i] < r.maxAttempts()) {
            double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), f.retryCounts[i]);
            if (r.maxDelaySeconds() != null) {
              delay = Math.min(delay, r.maxDelaySeconds());
            }
            if (r.fullJitter()) {
              delay = ThreadLocalRandom.current().nextDouble(0, delay);
            }
            f.retryCounts[i]++;
            f.retryCount++;
            f.token = null;
            long at = now() + (long) (delay * 1000);
            f.seq++;
            if (engine.skipWaits) {
              f.phase = Frame.Phase.READY;
            } else {
              f.phase = Frame.Phase.RETRY_WAIT;
              f.deadline = at;
              armTimer(f, at);
            }
            dirty = true;
            return;
          }
          break;
        }
      }
      for (StateMachine.Catcher c : s.catchers()) {
        if (matches(c.errorEquals(), err)) {
          ObjectNode errorOutput = Json.object().put("Error", err).put("Cause", cau);
          Scope raw = new Scope(f, f.stateInput);
          JsonNode out;
          try {
            if (s.jsonata()) {
              ObjectNode sv = statesVar(raw, f.stateInput, null, errorOutput);
              out = c.output() == null ? errorOutput : jsonata(c.output(), raw, sv);
              assign(f, s, c.assign(), raw, sv, true);
            } else {
              assign(f, s, c.assign(), new Scope(f, errorOutput), null, false);
              out =
                  c.resultPath() == null
                      ? f.stateInput
                      : Paths.set(f.stateInput, c.resultPath(), errorOutput);
            }
            f.seq++;
            exitState(f, s, out, c.next());
          } catch (StatesError e) {
            f.phase = Frame.Phase.DONE;
            frameFailed(f, e.error(), e.cause());
          }
          return;
        }
      }
    }
    f.seq++;
    f.phase = Frame.Phase.DONE;
    frameFailed(f, err, cau);
  }

  // ---------------------------------------------------------------- frames end

  private void frameSucceeded(Frame f, JsonNode out) {
    removeFrame(f);
    if (f.parentId < 0) {
      output = out;
      ObjectNode d = details().put("output", Json.write(out));
      d.putObject("outputDetails").put("truncated", false);
      endExecution(
          "SUCCEEDED", out, null, null, "ExecutionSucceeded", "executionSucceededEventDetails", d);
      return;
    }
    Frame p = frames.get(f.parentId);
    State ps = p.machine.state(p.stateName);
    p.results.set(f.index, out);
    p.pending--;
    if (ps.type().equals("Map")) {
      event(
          p,
          "MapIterationSucceeded",
          "mapIterationSucceededEventDetails",
          details().put("name", ps.name()).put("index", f.index));
      startIterations(p, ps);
    }
    childrenProgress(p, ps);
  }

  private void frameFailed(Frame f, String err, String cau) {
    removeFrame(f);
    if (f.parentId < 0) {
      ObjectNode d = details();
      if (err != null) {
        d.put("error", err);
      }
      if (cau != null) {
        d.put("cause", cau);
      }
      endExecution("FAILED", null, err, cau, "ExecutionFailed", "executionFailedEventDetails", d);
      return;
    }
    Frame p = frames.get(f.parentId);
    State ps = p.machine.state(p.stateName);
    p.pending--;
    if (ps.type().equals("Map")) {
      event(
          p,
          "MapIterationFailed",
          "mapIterationFailedEventDetails",
          details().put("name", ps.name()).put("index", f.index));
      p.failures++;
      boolean tolerated =
          (p.toleratedCount >= 0 && p.failures <= p.toleratedCount)
              || (p.toleratedPercent >= 0
                  && p.total > 0
                  && p.failures * 100.0 / p.total <= p.toleratedPercent);
      if (tolerated) {
        ObjectNode r = Json.object();
        if (err != null) {
          r.put("Error", err);
        }
        if (cau != null) {
          r.put("Cause", cau);
        }
        p.results.set(f.index, r);
        startIterations(p, ps);
        childrenProgress(p, ps);
        return;
      }
      if (p.toleratedCount >= 0 || p.toleratedPercent >= 0) {
        err = StatesError.EXCEED_TOLERATED_FAILURE_THRESHOLD;
        cau = "The specified tolerated failure threshold was exceeded";
      }
      abortChildren(p);
      event(p, "MapStateFailed", null, null);
    } else {
      abortChildren(p);
      event(p, "ParallelStateFailed", null, null);
    }
    p.phase = Frame.Phase.READY;
    handleErrorSafely(p, ps, err == null ? "States.BranchFailed" : err, cau);
  }

  private void handleErrorSafely(Frame f, State s, String err, String cau) {
    try {
      handleError(f, s, err, cau);
    } catch (StatesError e) {
      f.phase = Frame.Phase.DONE;
      frameFailed(f, e.error(), e.cause());
    }
    if (f.phase == Frame.Phase.READY && frames.containsKey(f.id)) {
      ready.add(f);
    }
  }

  private void childrenProgress(Frame p, State ps) {
    if (p.pending > 0 || p.started < p.total) {
      return;
    }
    event(p, ps.type() + "StateSucceeded", null, null);
    p.phase = Frame.Phase.READY;
    try {
      JsonNode result = resultSelector(ps, p.results, p);
      finish(p, ps, result, new Scope(p, p.stateInput));
    } catch (StatesError e) {
      handleErrorSafely(p, ps, e.error(), e.cause());
      return;
    }
    if (p.phase == Frame.Phase.READY && frames.containsKey(p.id)) {
      ready.add(p);
    }
  }

  private void removeFrame(Frame f) {
    f.cancelTimers();
    if (f.token != null) {
      engine.tokens.remove(f.token);
    }
    frames.remove(f.id);
    dirty = true;
  }

  private void abortChildren(Frame p) {
    List<Frame> children = new ArrayList<>();
    for (Frame x : frames.values()) {
      if (x.parentId == p.id) {
        children.add(x);
      }
    }
    State ps = p.machine.state(p.stateName);
    for (Frame c : children) {
      abortChildren(c);
      aborted(c);
      c.interruptTask();
      removeFrame(c);
      c.phase = Frame.Phase.DONE;
      if (ps.type().equals("Map")) {
        event(
            p,
            "MapIterationAborted",
            "mapIterationAbortedEventDetails",
            details().put("name", ps.name()).put("index", c.index));
      }
    }
    p.pending = 0;
  }

  /** AWS records an aborted event for a state that was still active when its branch ended. */
  private void aborted(Frame f) {
    if (!f.entered || f.stateName == null || f.phase == Frame.Phase.DONE) {
      return;
    }
    String type = f.machine.state(f.stateName).type();
    if (List.of("Task", "Wait", "Map", "Parallel").contains(type)) {
      event(f, type + "StateAborted", null, null);
    }
  }

  private void endExecution(
      String st, JsonNode out, String err, String cau, String type, String key, ObjectNode d) {
    List<Frame> active = new ArrayList<>(frames.values());
    java.util.Collections.reverse(active);
    for (Frame f : active) {
      if (!st.equals("SUCCEEDED") && !st.equals("FAILED")) {
        aborted(f);
        f.interruptTask();
      }
      removeFrame(f);
    }
    error = err;
    cause = cau;
    stopMillis = now();
    event(null, type, key, d);
    status = st;
    effects.add(finished::countDown);
    effects.add(() -> engine.executionEnded(this));
  }

  private void endExecution(
      String st, JsonNode out, String err, String cau, String type, String key) {
    ObjectNode d = details();
    if (err != null) {
      d.put("error", err);
    }
    if (cau != null) {
      d.put("cause", cau);
    }
    endExecution(st, out, err, cau, type, key, d);
  }

  void failExecution(String err, String cau) {
    if (status.equals("RUNNING")) {
      endExecution("FAILED", null, err, cau, "ExecutionFailed", "executionFailedEventDetails");
    }
  }

  void stop(String err, String cau) {
    post(
        () -> {
          if (status.equals("RUNNING")) {
            endExecution(
                "ABORTED", null, err, cau, "ExecutionAborted", "executionAbortedEventDetails");
          }
        });
  }

  // ---------------------------------------------------------------- timers

  private void armTimer(Frame f, long at) {
    long seq = f.seq;
    long id = f.id;
    effects.add(
        () -> {
          f.timer =
              engine.schedule(
                  this,
                  at,
                  () -> {
                    Frame x = frames.get(id);
                    if (x == null || x.seq != seq) {
                      return;
                    }
                    State s = x.machine.state(x.stateName);
                    if (x.phase == Frame.Phase.WAITING) {
                      try {
                        completeWait(x, s);
                      } catch (StatesError e) {
                        handleError(x, s, e.error(), e.cause());
                      }
                    } else if (x.phase == Frame.Phase.RETRY_WAIT) {
                      x.phase = Frame.Phase.READY;
                    }
                    if (x.phase == Frame.Phase.READY && frames.containsKey(x.id)) {
                      ready.add(x);
                    }
                  });
        });
  }

  // ---------------------------------------------------------------- tasks

  private void startTask(Frame f, State s, Scope raw, Scope scope, JsonNode eff) {
    Resources.Resource res = Resources.parse(s.text("Resource"));
    if (res.waitForTaskToken()) {
      f.token = engine.newToken();
    }
    JsonNode params;
    if (s.jsonata()) {
      ObjectNode sv = statesVar(raw, f.stateInput, null, null);
      params = s.has("Arguments") ? jsonata(s.field("Arguments"), raw, sv) : f.stateInput;
      Long t = null;
      Long h = null;
      if (s.has("TimeoutSeconds")) {
        t = seconds(jsonata(s.field("TimeoutSeconds"), raw, sv), "TimeoutSeconds");
      }
      if (s.has("HeartbeatSeconds")) {
        h = seconds(jsonata(s.field("HeartbeatSeconds"), raw, sv), "HeartbeatSeconds");
      }
      setTaskDeadlines(f, t, h);
    } else {
      params =
          s.has("Parameters")
              ? Templates.evaluate(s.field("Parameters"), scope, StatesError.PARAMETER_PATH_FAILURE)
              : eff;
      setTaskDeadlines(
          f, taskSeconds(s, scope, "TimeoutSeconds"), taskSeconds(s, scope, "HeartbeatSeconds"));
    }
    if (Json.utf8Size(params) > MAX_PAYLOAD) {
      throw new StatesError(
          StatesError.DATA_LIMIT_EXCEEDED,
          "The task input of state '" + s.name() + "' exceeds 262144 bytes");
    }
    f.effectiveInput = params;
    f.phase = Frame.Phase.TASK_RUNNING;
    f.seq++;
    if (f.token != null) {
      // Valid from the moment it is handed out: a worker may answer before the call returns.
      engine.tokens.put(f.token, new TokenRef(this, f.id, f.seq));
    }
    if (res.kind() == Resources.Kind.LAMBDA_FUNCTION) {
      ObjectNode d = details().put("resource", s.text("Resource")).put("input", Json.write(params));
      d.putObject("inputDetails").put("truncated", false);
      if (f.timeoutDeadline > 0) {
        d.put("timeoutInSeconds", (f.timeoutDeadline - now() + 999) / 1000);
      }
      event(f, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", d);
      event(f, "LambdaFunctionStarted", null, null);
    } else {
      ObjectNode d =
          taskDetails(res).put("region", engine.region).put("parameters", Json.write(params));
      if (f.timeoutDeadline > 0) {
        d.put("timeoutInSeconds", (f.timeoutDeadline - now() + 999) / 1000);
      }
      if (f.heartbeatDeadline > 0) {
        d.put("heartbeatInSeconds", (f.heartbeatDeadline - now() + 999) / 1000);
      }
      event(f, "TaskScheduled", "taskScheduledEventDetails", d);
      event(f, "TaskStarted", "taskStartedEventDetails", taskDetails(res));
    }
    armTaskTimers(f);
    invokeTask(f, s);
  }

  private static Long taskSeconds(State s, Scope scope, String field) {
    if (s.has(field)) {
      return s.field(field).asLong();
    }
    if (s.has(field + "Path")) {
      return seconds(
          Paths.resolve(s.text(field + "Path"), scope, StatesError.RUNTIME), field + "Path");
    }
    return null;
  }

  private void setTaskDeadlines(Frame f, Long timeout, Long heartbeat) {
    long n = now();
    f.timeoutDeadline = timeout == null ? 0 : n + timeout * 1000;
    f.heartbeatDeadline = heartbeat == null ? 0 : n + heartbeat * 1000;
    f.heartbeatSeconds = heartbeat == null ? 0 : heartbeat;
  }

  private static ObjectNode taskDetails(Resources.Resource res) {
    String type = res.kind() == Resources.Kind.SQS_SEND_MESSAGE ? "sqs" : "lambda";
    String resource =
        (res.kind() == Resources.Kind.SQS_SEND_MESSAGE ? "sendMessage" : "invoke")
            + (res.waitForTaskToken() ? ".waitForTaskToken" : "");
    return details().put("resourceType", type).put("resource", resource);
  }

  private void armTaskTimers(Frame f) {
    long seq = f.seq;
    long id = f.id;
    if (f.timeoutDeadline > 0) {
      long at = f.timeoutDeadline;
      effects.add(
          () ->
              f.timeoutTimer =
                  engine.schedule(this, at, () -> taskTimedOut(id, seq, StatesError.TIMEOUT)));
    }
    if (f.heartbeatDeadline > 0) {
      long at = f.heartbeatDeadline;
      effects.add(
          () ->
              f.heartbeatTimer =
                  engine.schedule(
                      this, at, () -> taskTimedOut(id, seq, StatesError.HEARTBEAT_TIMEOUT)));
    }
  }

  private void taskTimedOut(long id, long seq, String err) {
    Frame f = frames.get(id);
    if (f == null
        || f.seq != seq
        || (f.phase != Frame.Phase.TASK_RUNNING && f.phase != Frame.Phase.TASK_TOKEN)) {
      return;
    }
    State s = f.machine.state(f.stateName);
    if (err.equals(StatesError.HEARTBEAT_TIMEOUT) && f.heartbeatDeadline > now()) {
      return; // a heartbeat moved the deadline; a newer timer is armed
    }
    Resources.Resource res = Resources.parse(s.text("Resource"));
    String c =
        err.equals(StatesError.TIMEOUT)
            ? "Task timed out after " + s.text("TimeoutSeconds") + " seconds"
            : "Task heartbeat timed out";
    if (res.kind() == Resources.Kind.LAMBDA_FUNCTION) {
      event(
          f,
          "LambdaFunctionTimedOut",
          "lambdaFunctionTimedOutEventDetails",
          details().put("error", err).put("cause", c));
    } else {
      event(
          f,
          "TaskTimedOut",
          "taskTimedOutEventDetails",
          taskDetails(res).put("error", err).put("cause", c));
    }
    if (f.token != null) {
      engine.tokens.remove(f.token);
      engine.closedTokens.add(f.token);
    }
    f.interruptTask();
    f.seq++;
    f.phase = Frame.Phase.READY;
    handleErrorSafely(f, s, err, c);
  }

  /** Starts the invocation after this turn's checkpoint; its outcome comes back as a message. */
  private void invokeTask(Frame f, State s) {
    long id = f.id;
    long seq = f.seq;
    JsonNode params = f.effectiveInput;
    String token = f.token;
    TaskFunction override = engine.stateOverrides.get(s.name());
    Resources.Resource res = Resources.parse(s.text("Resource"));
    effects.add(
        () ->
            f.taskCall =
                engine.tasks.submit(
                    () -> {
                      JsonNode result;
                      try {
                        result =
                            override != null ? override.apply(params) : engine.invoke(res, params);
                      } catch (TaskFailure e) {
                        post(() -> taskFailed(id, seq, e.error(), e.cause()));
                        return;
                      } catch (RuntimeException e) {
                        post(
                            () ->
                                taskFailed(
                                    id,
                                    seq,
                                    e.getClass().getName(),
                                    String.valueOf(e.getMessage())));
                        return;
                      }
                      boolean parks = token != null && override == null;
                      post(() -> taskReturned(id, seq, result, parks));
                    }));
  }

  private void taskReturned(long id, long seq, JsonNode result, boolean parks) {
    Frame f = frames.get(id);
    if (f == null || f.seq != seq || f.phase != Frame.Phase.TASK_RUNNING) {
      return;
    }
    State s = f.machine.state(f.stateName);
    Resources.Resource res = Resources.parse(s.text("Resource"));
    if (parks) {
      f.phase = Frame.Phase.TASK_TOKEN;
      event(
          f,
          "TaskSubmitted",
          "taskSubmittedEventDetails",
          taskDetails(res).put("output", Json.write(result)));
      return;
    }
    taskSucceeded(f, s, res, result);
  }

  private void taskSucceeded(Frame f, State s, Resources.Resource res, JsonNode result) {
    if (res.kind() == Resources.Kind.LAMBDA_FUNCTION) {
      ObjectNode d = details().put("output", Json.write(result));
      d.putObject("outputDetails").put("truncated", false);
      event(f, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", d);
    } else {
      ObjectNode d = taskDetails(res).put("output", Json.write(result));
      d.putObject("outputDetails").put("truncated", false);
      event(f, "TaskSucceeded", "taskSucceededEventDetails", d);
    }
    if (f.token != null) {
      engine.tokens.remove(f.token);
      engine.closedTokens.add(f.token);
    }
    f.cancelTimers();
    f.phase = Frame.Phase.READY;
    f.seq++;
    try {
      if (Json.utf8Size(result) > MAX_PAYLOAD) {
        throw new StatesError(
            StatesError.DATA_LIMIT_EXCEEDED,
            "The state/task '"
                + s.name()
                + "' returned a result with a size exceeding the maximum number of bytes service limit.");
      }
      finish(f, s, resultSelector(s, result, f), new Scope(f, f.stateInput));
    } catch (StatesError e) {
      handleError(f, s, e.error(), e.cause());
    }
    if (f.phase == Frame.Phase.READY && frames.containsKey(f.id)) {
      ready.add(f);
    }
  }

  private void taskFailed(long id, long seq, String err, String cau) {
    Frame f = frames.get(id);
    if (f == null
        || f.seq != seq
        || (f.phase != Frame.Phase.TASK_RUNNING && f.phase != Frame.Phase.TASK_TOKEN)) {
      return;
    }
    State s = f.machine.state(f.stateName);
    Resources.Resource res = Resources.parse(s.text("Resource"));
    ObjectNode d = res.kind() == Resources.Kind.LAMBDA_FUNCTION ? details() : taskDetails(res);
    if (err != null) {
      d.put("error", err);
    }
    if (cau != null) {
      d.put("cause", cau);
    }
    event(
        f,
        res.kind() == Resources.Kind.LAMBDA_FUNCTION ? "LambdaFunctionFailed" : "TaskFailed",
        res.kind() == Resources.Kind.LAMBDA_FUNCTION
            ? "lambdaFunctionFailedEventDetails"
            : "taskFailedEventDetails",
        d);
    if (f.token != null) {
      engine.tokens.remove(f.token);
      engine.closedTokens.add(f.token);
    }
    f.seq++;
    f.phase = Frame.Phase.READY;
    handleErrorSafely(f, s, err == null ? StatesError.TASK_FAILED : err, cau);
  }

  private boolean waitingOnToken(Frame f, long seq) {
    return f != null
        && f.seq == seq
        && f.token != null
        && (f.phase == Frame.Phase.TASK_TOKEN || f.phase == Frame.Phase.TASK_RUNNING);
  }

  /**
   * Completes {@code ack} with true once the answer is journalled, or with false at once when the
   * task no longer waits for this token.
   */
  void tokenSuccess(
      long id, long seq, JsonNode out, java.util.concurrent.CompletableFuture<Boolean> ack) {
    Frame f = frames.get(id);
    if (!waitingOnToken(f, seq)) {
      ack.complete(false);
      return;
    }
    State s = f.machine.state(f.stateName);
    taskSucceeded(f, s, Resources.parse(s.text("Resource")), out);
    dirty = true;
    effects.add(() -> ack.complete(true));
  }

  void tokenFailure(
      long id,
      long seq,
      String err,
      String cau,
      java.util.concurrent.CompletableFuture<Boolean> ack) {
    if (!waitingOnToken(frames.get(id), seq)) {
      ack.complete(false);
      return;
    }
    taskFailed(id, seq, err, cau);
    dirty = true;
    effects.add(() -> ack.complete(true));
  }

  void tokenHeartbeat(long id, long seq, java.util.concurrent.CompletableFuture<Boolean> ack) {
    Frame f = frames.get(id);
    if (!waitingOnToken(f, seq)) {
      ack.complete(false);
      return;
    }
    effects.add(() -> ack.complete(true));
    if (f.heartbeatDeadline == 0) {
      return;
    }
    f.heartbeatDeadline = now() + f.heartbeatSeconds * 1000;
    dirty = true;
    if (f.heartbeatTimer != null) {
      f.heartbeatTimer.cancel(false);
    }
    long at = f.heartbeatDeadline;
    effects.add(
        () ->
            f.heartbeatTimer =
                engine.schedule(
                    this, at, () -> taskTimedOut(id, seq, StatesError.HEARTBEAT_TIMEOUT)));
  }

  // ---------------------------------------------------------------- Parallel and Map

  private void startParallel(Frame f, State s, Scope raw, Scope scope, JsonNode eff) {
    JsonNode in;
    if (s.jsonata()) {
      in =
          s.has("Arguments")
              ? jsonata(s.field("Arguments"), raw, statesVar(raw, f.stateInput, null, null))
              : f.stateInput;
    } else {
      in =
          s.has("Parameters")
              ? Templates.evaluate(s.field("Parameters"), scope, StatesError.PARAMETER_PATH_FAILURE)
              : eff;
    }
    int n = s.branches().size();
    f.results = Json.F.arrayNode();
    for (int i = 0; i < n; i++) {
      f.results.addNull();
    }
    f.total = n;
    f.started = n;
    f.pending = n;
    f.phase = Frame.Phase.CHILDREN;
    f.seq++;
    event(f, "ParallelStateStarted", null, null);
    for (int i = 0; i < n; i++) {
      ready.add(newFrame(f.id, i, s.branches().get(i), in, null));
    }
  }

  private void startMap(Frame f, State s, Scope raw, Scope scope, JsonNode eff) {
    JsonNode items;
    if (s.jsonata()) {
      ObjectNode sv = statesVar(raw, f.stateInput, null, null);
      items = s.has("Items") ? jsonata(s.field("Items"), raw, sv) : f.stateInput;
      f.maxConcurrency =
          s.has("MaxConcurrency")
              ? (int) seconds(jsonata(s.field("MaxConcurrency"), raw, sv), "MaxConcurrency")
              : 0;
      f.toleratedCount =
          s.has("ToleratedFailureCount")
              ? jsonata(s.field("ToleratedFailureCount"), raw, sv).asDouble()
              : -1;
      f.toleratedPercent =
          s.has("ToleratedFailurePercentage")
              ? jsonata(s.field("ToleratedFailurePercentage"), raw, sv).asDouble()
              : -1;
    } else {
      items =
          s.has("ItemsPath") ? Paths.resolve(s.text("ItemsPath"), scope, StatesError.RUNTIME) : eff;
      f.maxConcurrency =
          s.has("MaxConcurrency")
              ? s.field("MaxConcurrency").asInt()
              : s.has("MaxConcurrencyPath")
                  ? (int)
                      seconds(
                          Paths.resolve(s.text("MaxConcurrencyPath"), scope, StatesError.RUNTIME),
                          "MaxConcurrencyPath")
                  : 0;
      f.toleratedCount =
          s.has("ToleratedFailureCount")
              ? s.field("ToleratedFailureCount").asDouble()
              : s.has("ToleratedFailureCountPath")
                  ? Paths.resolve(s.text("ToleratedFailureCountPath"), scope, StatesError.RUNTIME)
                      .asDouble()
                  : -1;
      f.toleratedPercent =
          s.has("ToleratedFailurePercentage")
              ? s.field("ToleratedFailurePercentage").asDouble()
              : s.has("ToleratedFailurePercentagePath")
                  ? Paths.resolve(
                          s.text("ToleratedFailurePercentagePath"), scope, StatesError.RUNTIME)
                      .asDouble()
                  : -1;
    }
    if (!items.isArray()) {
      throw new StatesError(
          StatesError.RUNTIME,
          "Map state '" + s.name() + "': the items must be a JSON array, got " + Json.write(items));
    }
    f.effectiveInput = eff;
    f.items = items;
    f.total = items.size();
    f.started = 0;
    f.pending = 0;
    f.failures = 0;
    f.results = Json.F.arrayNode();
    for (int i = 0; i < f.total; i++) {
      f.results.addNull();
    }
    f.phase = Frame.Phase.CHILDREN;
    f.seq++;
    event(f, "MapStateStarted", "mapStateStartedEventDetails", details().put("length", f.total));
    startIterations(f, s);
    childrenProgress(f, s);
  }

  private void startIterations(Frame p, State s) {
    while (p.started < p.total
        && (p.maxConcurrency <= 0 || p.pending < p.maxConcurrency)
        && frames.containsKey(p.id)) {
      int i = p.started++;
      JsonNode item = p.items.get(i);
      Scope scope = new Scope(p, p.effectiveInput);
      Map<String, JsonNode> extra = new HashMap<>();
      extra.put("Map", Json.object().set("Item", Json.object().put("Index", i).set("Value", item)));
      scope.extraContext = extra;
      JsonNode in;
      JsonNode selector = s.has("ItemSelector") ? s.field("ItemSelector") : s.field("Parameters");
      try {
        if (selector == null) {
          in = item;
        } else if (s.jsonata()) {
          in = jsonata(selector, scope, statesVar(scope, p.stateInput, null, null));
        } else {
          in = Templates.evaluate(selector, scope, StatesError.PARAMETER_PATH_FAILURE);
        }
      } catch (StatesError e) {
        abortChildren(p);
        p.phase = Frame.Phase.READY;
        handleErrorSafely(p, s, e.error(), e.cause());
        return;
      }
      p.pending++;
      event(
          p,
          "MapIterationStarted",
          "mapIterationStartedEventDetails",
          details().put("name", s.name()).put("index", i));
      ready.add(newFrame(p.id, i, s.processor(), in, null));
    }
  }

  // ---------------------------------------------------------------- snapshot

  ObjectNode snapshot() {
    ObjectNode o = Json.object();
    o.put("status", status).put("events", history.size()).put("nextFrameId", nextFrameId);
    o.put("stopMillis", stopMillis);
    o.set("output", output);
    o.put("error", error).put("cause", cause);
    ArrayNode fs = o.putArray("frames");
    for (Frame f : frames.values()) {
      fs.add(f.toJson());
    }
    return o;
  }

  void restore(ObjectNode snap) {
    status = snap.get("status").asText();
    nextFrameId = snap.get("nextFrameId").asLong();
    stopMillis = snap.path("stopMillis").asLong();
    output =
        snap.get("output") == null || snap.get("output").isNull() && !status.equals("SUCCEEDED")
            ? null
            : snap.get("output");
    error = snap.path("error").isNull() ? null : snap.path("error").asText(null);
    cause = snap.path("cause").isNull() ? null : snap.path("cause").asText(null);
    Iterator<JsonNode> it = snap.get("frames").elements();
    while (it.hasNext()) {
      Frame f = Frame.fromJson(it.next());
      frames.put(f.id, f);
    }
    if (!status.equals("RUNNING")) {
      finished.countDown();
    }
  }

  boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
    return finished.await(timeout, unit);
  }

  /** Where a task token points: an execution, a frame, and which wait of that frame. */
  record TokenRef(Execution execution, long frameId, long seq) {}
}
