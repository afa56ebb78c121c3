package dev.gennaker.aws.sfn;

import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The runner on AWS Step Functions, or on the local ASL engine through the same API: one STANDARD
 * state machine per tenant, named {@code <prefix><tenant>}, so a tenant's executions, history and
 * IAM role are its own.
 *
 * <p>Every call is one Step Functions request. Starting an execution that already exists (a retried
 * start) answers the existing run, as {@link Orchestrator#start} promises; a task token the engine
 * no longer knows is {@link TaskTokenGoneException}; the engine being unreachable is {@link
 * StoreUnavailableException}, which callers retry.
 */
public final class StepFunctionsOrchestrator implements Orchestrator {
  private final SfnClient sfn;
  private final String arnPrefix;
  private final String namePrefix;
  private final String definition;
  private final String roleArnPrefix;

  /**
   * @param stateMachineArnPrefix e.g. {@code arn:aws:states:eu-west-1:123456789012:stateMachine:}
   * @param namePrefix e.g. {@code gennaker-runner-}; the tenant id follows
   * @param definition the runner's ASL with the task functions' ARNs filled in
   * @param roleArnPrefix the tenants' execution roles, e.g. {@code
   *     arn:aws:iam::123456789012:role/gennaker-runner-}; the tenant id follows
   */
  public StepFunctionsOrchestrator(
      SfnClient sfn,
      String stateMachineArnPrefix,
      String namePrefix,
      String definition,
      String roleArnPrefix) {
    this.sfn = sfn;
    this.arnPrefix = stateMachineArnPrefix;
    this.namePrefix = namePrefix;
    this.definition = definition;
    this.roleArnPrefix = roleArnPrefix;
  }

  /** The ARN of a tenant's runner state machine. */
  public String stateMachineArn(TenantId tenant) {
    return arnPrefix + namePrefix + tenant.value();
  }

  @Override
  public String provisionTenant(TenantId tenant) {
    String arn = stateMachineArn(tenant);
    String role = roleArnPrefix + tenant.value();
    return call(
        () -> {
          try {
            var current = sfn.describeStateMachine(b -> b.stateMachineArn(arn));
            if (!current.definition().equals(definition) || !current.roleArn().equals(role)) {
              sfn.updateStateMachine(
                  b -> b.stateMachineArn(arn).definition(definition).roleArn(role));
            }
            return arn;
          } catch (StateMachineDoesNotExistException e) {
            return sfn.createStateMachine(
                    b ->
                        b.name(namePrefix + tenant.value())
                            .definition(definition)
                            .roleArn(role)
                            .type("STANDARD"))
                .stateMachineArn();
          }
        });
  }

  @Override
  public void deprovisionTenant(TenantId tenant) {
    call(
        () -> {
          try {
            sfn.deleteStateMachine(b -> b.stateMachineArn(stateMachineArn(tenant)));
          } catch (StateMachineDoesNotExistException e) {
            // already gone
          }
          return null;
        });
  }

  @Override
  public String start(TenantId tenant, String executionId, String inputJson) {
    String machine = stateMachineArn(tenant);
    return call(
        () -> {
          try {
            return sfn.startExecution(
                    b -> b.stateMachineArn(machine).name(executionId).input(inputJson))
                .executionArn();
          } catch (ExecutionAlreadyExistsException e) {
            return executionArn(machine, executionId);
          }
        });
  }

  private static String executionArn(String machineArn, String executionId) {
    return machineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionId;
  }

  @Override
  public void sendTaskSuccess(String taskToken, String outputJson) {
    task(() -> sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(outputJson)));
  }

  @Override
  public void sendTaskFailure(String taskToken, String error, String cause) {
    task(() -> sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(error).cause(cause)));
  }

  @Override
  public void sendTaskHeartbeat(String taskToken) {
    task(() -> sfn.sendTaskHeartbeat(b -> b.taskToken(taskToken)));
  }

  @Override
  public void stop(String executionArn, String error, String cause) {
    call(() -> sfn.stopExecution(b -> b.executionArn(executionArn).error(error).cause(cause)));
  }

  private void task(Supplier<?> request) {
    try {
      call(request);
    } catch (TaskDoesNotExistException | InvalidTokenException | TaskTimedOutException e) {
      throw new TaskTokenGoneException("the task token is no longer known: " + e.getMessage());
    }
  }

  private static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (SfnException e) {
      if (e.statusCode() >= 500 || e.isThrottlingException()) {
        throw new StoreUnavailableException("Step Functions: " + e.getMessage(), e);
      }
      throw e;
    } catch (SdkException e) {
      if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException) {
        throw e;
      }
      throw new StoreUnavailableException("Step Functions unreachable: " + e.getMessage(), e);
    }
  }
}
