package dev.gennaker.statemachines.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task implemented in Java and registered with the engine by name: what a Lambda function is to
 * Step Functions. The engine calls it with the task's effective input (for {@code
 * arn:aws:states:::lambda:invoke}, the {@code Payload} parameter) and uses the returned JSON as the
 * task result.
 *
 * <p>Contract: implementations must be thread-safe (they run on the engine's task pool, possibly
 * concurrently) and should be idempotent, because a task running when the process dies is invoked
 * again after a restart (at-least-once). An expected failure is a {@link TaskFailure} whose name is
 * what Retry and Catch match; any other exception fails the task with the exception's class name as
 * the error.
 */
@FunctionalInterface
public interface TaskFunction {
  JsonNode apply(JsonNode input) throws TaskFailure;
}
