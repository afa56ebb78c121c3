package dev.gennaker.core.execution;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.tenant.TenantId;
import java.util.Optional;

/**
 * Executions, their stage records and their timelines.
 *
 * <p>Concurrency: executions and stage records are updated optimistically. Pass the record as read;
 * the write succeeds only if the stored version still equals {@code record.version()} and returns
 * the record at the next version; otherwise {@link ConflictException} and nothing is written.
 * Creates are not idempotent ({@link AlreadyExistsException} on a second create); event appends are
 * (same time and event id, one event).
 *
 * <p>Every method is scoped to one tenant and never returns another tenant's data. All methods may
 * also throw {@link dev.gennaker.core.store.StoreUnavailableException}; listings throw {@link
 * dev.gennaker.core.store.InvalidPageTokenException} for a token of another tenant or query.
 * Thread-safe.
 */
public interface ExecutionStore {

  /** Stores a new execution at version 1. @throws AlreadyExistsException if the id is taken */
  Execution create(Execution execution);

  Optional<Execution> get(TenantId tenant, String executionId);

  /**
   * Replaces an execution if its stored version equals {@code execution.version()}.
   *
   * @throws ConflictException if the version moved on
   * @throws NotFoundException if there is no such execution
   */
  Execution update(Execution execution);

  /**
   * The tenant's executions, newest first (by creation time, then id). Like every listing across
   * partitions, it may lag a just-committed write by a moment (DynamoDB index reads are eventually
   * consistent); reads by id never lag.
   */
  Page<Execution> list(TenantId tenant, PageRequest page);

  /** The executions of one pipeline, newest first. May lag a just-committed write by a moment. */
  Page<Execution> listByPipeline(
      TenantId tenant, String application, String pipeline, PageRequest page);

  /**
   * The tenant's executions that are not finished (queued or running), oldest first, so that stuck
   * ones come first (operators drain and cancel from this list). May lag by a moment.
   */
  Page<Execution> listActive(TenantId tenant, PageRequest page);

  /** Stores a new stage record at version 1. @throws AlreadyExistsException if it exists */
  StageRecord createStage(StageRecord stage);

  Optional<StageRecord> getStage(TenantId tenant, String executionId, String stageId);

  /**
   * Replaces a stage record if its stored version equals {@code stage.version()}.
   *
   * @throws ConflictException if the version moved on
   * @throws NotFoundException if there is no such stage record
   */
  StageRecord updateStage(StageRecord stage);

  /** The stage records of one execution, ordered by stage id. */
  Page<StageRecord> listStages(TenantId tenant, String executionId, PageRequest page);

  /**
   * Appends an event. Idempotent: appending an event with the same time and id again (a retried
   * task) keeps the first one and changes nothing.
   */
  void appendEvent(TimelineEvent event);

  /** The timeline of one execution, oldest first (by time, then event id). */
  Page<TimelineEvent> listEvents(TenantId tenant, String executionId, PageRequest page);
}
