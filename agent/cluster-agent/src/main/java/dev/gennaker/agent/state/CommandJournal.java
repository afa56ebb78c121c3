package dev.gennaker.agent.state;

import dev.gennaker.agent.controlplane.CommandResult;
import java.util.Optional;

/**
 * What the agent has done with each command id, kept where a restarted agent finds it, so that a
 * redelivered command is not applied twice and its result is re-sent instead.
 *
 * <p>Bounded: only the most recent entries are kept (older command ids are no longer redelivered by
 * the queue). Idempotent per command id. Thread-safe. Errors are the underlying client's unchecked
 * exceptions.
 */
public interface CommandJournal {

  /** The result recorded for a command, if it finished. */
  Optional<CommandResult> finished(String commandId);

  /** True when a command was started (possibly by an agent that died before finishing it). */
  boolean started(String commandId);

  /** Records that work on a command begins. */
  void recordStarted(String commandId);

  /** Records a command's result. */
  void recordFinished(CommandResult result);
}
