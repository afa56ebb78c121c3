package dev.gennaker.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.aws.sfn.RunnerDefinition;
import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import dev.gennaker.statemachines.engine.SfnException;
import dev.gennaker.statemachines.engine.TaskFailure;
import dev.gennaker.statemachines.engine.TaskFunction;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The runner on the local ASL engine, in-process: one state machine per tenant. */
final class LocalEngineOrchestrator implements Orchestrator {
  private static final Set<String> GONE =
      Set.of("TaskDoesNotExist", "InvalidToken", "TaskTimedOut");

  volatile LocalStepFunctions engine;
  private final Map<String, String> machines = new ConcurrentHashMap<>();
  private final Map<String, TaskFunction> functions = new ConcurrentHashMap<>();
  private String definition;

  LocalEngineOrchestrator(LocalStepFunctions engine) {
    this.engine = engine;
  }

  /**
   * Stops the engine as a crash would and starts a new one on the same data directory, with the
   * task functions registered before it recovers its executions.
   */
  void restart(dev.gennaker.statemachines.engine.EngineConfig config) {
    engine.close();
    engine = new LocalStepFunctions(config.withFunctions(Map.copyOf(functions)));
  }

  /** Registers the task functions and remembers the definition that calls them. */
  void install(RunnerFunctions functions) {
    register("gennaker-plan", functions::plan);
    register("gennaker-run-stage", functions::runStage);
    register("gennaker-record-failure", functions::recordFailure);
    register("gennaker-finish", functions::finish);
    definition =
        RunnerDefinition.forFunctions(
            Map.of(
                RunnerFunctions.PLAN, arn("gennaker-plan"),
                RunnerFunctions.RUN_STAGE, arn("gennaker-run-stage"),
                RunnerFunctions.RECORD_FAILURE, arn("gennaker-record-failure"),
                RunnerFunctions.FINISH, arn("gennaker-finish")));
  }

  private static String arn(String name) {
    return "arn:aws:lambda:us-east-1:123456789012:function:" + name;
  }

  private void register(String name, Function<JsonNode, JsonNode> fn) {
    TaskFunction task =
        input -> {
          try {
            return fn.apply(input);
          } catch (RuntimeException e) {
            throw new TaskFailure(RunnerFunctions.errorName(e), String.valueOf(e.getMessage()));
          }
        };
    functions.put(name, task);
    engine.registerFunction(name, task);
  }

  String machineFor(TenantId tenant) {
    return machines.computeIfAbsent(
        tenant.value(),
        t ->
            engine
                .createStateMachine(
                    "gennaker-runner-" + t,
                    definition,
                    "arn:aws:iam::123456789012:role/runner-" + t,
                    "STANDARD")
                .arn());
  }

  @Override
  public String provisionTenant(TenantId tenant) {
    return machineFor(tenant);
  }

  @Override
  public void deprovisionTenant(TenantId tenant) {
    String arn = machines.remove(tenant.value());
    if (arn != null) {
      engine.deleteStateMachine(arn);
    }
  }

  @Override
  public String start(TenantId tenant, String executionId, String inputJson) {
    return engine.startExecution(machineFor(tenant), executionId, inputJson).arn();
  }

  @Override
  public void sendTaskSuccess(String taskToken, String outputJson) {
    try {
      engine.sendTaskSuccess(taskToken, outputJson);
    } catch (SfnException e) {
      throw gone(e);
    }
  }

  @Override
  public void sendTaskFailure(String taskToken, String error, String cause) {
    try {
      engine.sendTaskFailure(taskToken, error, cause);
    } catch (SfnException e) {
      throw gone(e);
    }
  }

  @Override
  public void sendTaskHeartbeat(String taskToken) {
    try {
      engine.sendTaskHeartbeat(taskToken);
    } catch (SfnException e) {
      throw gone(e);
    }
  }

  @Override
  public void stop(String executionArn, String error, String cause) {
    engine.stopExecution(executionArn, error, cause);
  }

  private static RuntimeException gone(SfnException e) {
    return GONE.contains(e.type()) ? new TaskTokenGoneException(e.getMessage()) : e;
  }
}
