package dev.gennaker.statemachines.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.asl.StateMachine;
import java.util.concurrent.ScheduledFuture;

/**
 * One thread of control inside an execution: the execution itself, a Parallel branch or a Map
 * iteration. Only the execution's actor touches it. Everything but the machine and the timer
 * handles is written to checkpoints so that it can be rebuilt after a restart.
 */
final class Frame {
  enum Phase {
    /** Ready to run its current state from the start. */
    READY,
    /** A task invocation is in flight. */
    TASK_RUNNING,
    /** Waiting for SendTaskSuccess/Failure. */
    TASK_TOKEN,
    /** In a Wait state until {@link #deadline}. */
    WAITING,
    /** Between two attempts of a retried state, until {@link #deadline}. */
    RETRY_WAIT,
    /** A Parallel or Map state waiting for its children. */
    CHILDREN,
    DONE
  }

  final long id;
  final long parentId;
  final int index;
  StateMachine machine;

  String stateName;
  JsonNode stateInput;

  /** The state input as JSON text when the previous state already wrote it; not journalled. */
  transient String stateInputJson;

  JsonNode effectiveInput;
  Phase phase = Phase.READY;
  long seq;
  int[] retryCounts;
  int retryCount;
  boolean entered;
  long enteredMillis;
  long deadline;
  long timeoutDeadline;
  long heartbeatDeadline;
  long heartbeatSeconds;
  String token;
  long lastEventId;

  ArrayNode results;
  JsonNode items;
  int total;
  int started;
  int pending;
  int failures;
  int maxConcurrency;
  double toleratedCount = -1;
  double toleratedPercent = -1;

  ObjectNode vars;

  transient ScheduledFuture<?> timer;
  transient ScheduledFuture<?> timeoutTimer;
  transient ScheduledFuture<?> heartbeatTimer;
  transient java.util.concurrent.Future<?> taskCall;

  /**
   * Interrupts a task call that can no longer matter (timed out, or its branch was aborted) so that
   * a hung function does not hold a task thread forever.
   */
  void interruptTask() {
    if (taskCall != null) {
      taskCall.cancel(true);
      taskCall = null;
    }
  }

  Frame(long id, long parentId, int index, StateMachine machine) {
    this.id = id;
    this.parentId = parentId;
    this.index = index;
    this.machine = machine;
  }

  void cancelTimers() {
    for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {timer, timeoutTimer, heartbeatTimer}) {
      if (t != null) {
        t.cancel(false);
      }
    }
    timer = null;
    timeoutTimer = null;
    heartbeatTimer = null;
  }

  ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", id).put("parentId", parentId).put("index", index);
    o.put("state", stateName).set("stateInput", stateInput);
    o.set("effectiveInput", effectiveInput);
    o.put("phase", phase.name()).put("seq", seq);
    if (retryCounts != null) {
      ArrayNode rc = o.putArray("retryCounts");
      for (int r : retryCounts) {
        rc.add(r);
      }
    }
    o.put("retryCount", retryCount).put("entered", entered).put("enteredMillis", enteredMillis);
    o.put("deadline", deadline).put("timeoutDeadline", timeoutDeadline);
    o.put("heartbeatSeconds", heartbeatSeconds);
    o.put("heartbeatDeadline", heartbeatDeadline)
        .put("token", token)
        .put("lastEventId", lastEventId);
    o.set("results", results);
    o.set("items", items);
    o.put("total", total).put("started", started).put("pending", pending);
    o.put("failures", failures).put("maxConcurrency", maxConcurrency);
    o.put("toleratedCount", toleratedCount).put("toleratedPercent", toleratedPercent);
    o.set("vars", vars);
    return o;
  }

  static Frame fromJson(JsonNode o) {
    Frame f =
        new Frame(o.get("id").asLong(), o.get("parentId").asLong(), o.get("index").asInt(), null);
    f.stateName = o.path("state").asText(null);
    f.stateInput = nullable(o.get("stateInput"));
    f.effectiveInput = nullable(o.get("effectiveInput"));
    f.phase = Phase.valueOf(o.get("phase").asText());
    f.seq = o.get("seq").asLong();
    if (o.has("retryCounts")) {
      f.retryCounts = new int[o.get("retryCounts").size()];
      for (int i = 0; i < f.retryCounts.length; i++) {
        f.retryCounts[i] = o.get("retryCounts").get(i).asInt();
      }
    }
    f.retryCount = o.path("retryCount").asInt();
    f.entered = o.path("entered").asBoolean();
    f.enteredMillis = o.path("enteredMillis").asLong();
    f.deadline = o.path("deadline").asLong();
    f.timeoutDeadline = o.path("timeoutDeadline").asLong();
    f.heartbeatDeadline = o.path("heartbeatDeadline").asLong();
    f.heartbeatSeconds = o.path("heartbeatSeconds").asLong();
    f.token = o.path("token").isNull() ? null : o.path("token").asText(null);
    f.lastEventId = o.path("lastEventId").asLong();
    f.results = o.get("results") instanceof ArrayNode a ? a : null;
    f.items = nullable(o.get("items"));
    f.total = o.path("total").asInt();
    f.started = o.path("started").asInt();
    f.pending = o.path("pending").asInt();
    f.failures = o.path("failures").asInt();
    f.maxConcurrency = o.path("maxConcurrency").asInt();
    f.toleratedCount = o.path("toleratedCount").asDouble(-1);
    f.toleratedPercent = o.path("toleratedPercent").asDouble(-1);
    f.vars = o.get("vars") instanceof ObjectNode v ? v : null;
    return f;
  }

  private static JsonNode nullable(JsonNode n) {
    // Jackson stores a Java null field as a JSON null; the two mean the same here only for
    // fields that were never set, which toJson writes as null too.
    return n == null || n.isMissingNode() ? null : n;
  }
}
