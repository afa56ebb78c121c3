package dev.gennaker.core.execution;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.InMemoryPaging;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.SortableTime;
import dev.gennaker.core.tenant.TenantId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link ExecutionStore} in memory, for tests and tools. Runs the same contract suite. */
public final class InMemoryExecutionStore implements ExecutionStore {
  private final PageTokens tokens;
  private final Map<String, Execution> executions = new HashMap<>();
  private final Map<String, TreeMap<String, StageRecord>> stages = new HashMap<>();
  private final Map<String, TreeMap<String, TimelineEvent>> events = new HashMap<>();

  public InMemoryExecutionStore(PageTokens tokens) {
    this.tokens = tokens;
  }

  private static String key(TenantId tenant, String executionId) {
    return tenant.value() + "/" + executionId;
  }

  private static String byTimeKey(Execution e) {
    return SortableTime.format(e.createdAt()) + "#" + e.executionId();
  }

  @Override
  public synchronized Execution create(Execution execution) {
    String k = key(execution.tenant(), execution.executionId());
    if (executions.containsKey(k)) {
      throw new AlreadyExistsException("execution " + execution.executionId() + " already exists");
    }
    Execution stored = execution.atVersion(1);
    executions.put(k, stored);
    return stored;
  }

  @Override
  public synchronized Optional<Execution> get(TenantId tenant, String executionId) {
    return Optional.ofNullable(executions.get(key(tenant, executionId)));
  }

  @Override
  public synchronized Execution update(Execution execution) {
    String k = key(execution.tenant(), execution.executionId());
    Execution current = executions.get(k);
    if (current == null) {
      throw new NotFoundException("execution " + execution.executionId() + " does not exist");
    }
    if (current.version() != execution.version()) {
      throw new ConflictException(
          "execution "
              + execution.executionId()
              + " changed: expected version "
              + execution.version()
              + ", stored "
              + current.version());
    }
    Execution stored = execution.atVersion(execution.version() + 1);
    executions.put(k, stored);
    return stored;
  }

  @Override
  public synchronized Page<Execution> list(TenantId tenant, PageRequest page) {
    TreeMap<String, Execution> sorted = new TreeMap<>(Comparator.reverseOrder());
    executions.values().stream()
        .filter(e -> e.tenant().equals(tenant))
        .forEach(e -> sorted.put(byTimeKey(e), e));
    return InMemoryPaging.page(tokens, tenant, "executions", sorted, page);
  }

  @Override
  public synchronized Page<Execution> listByPipeline(
      TenantId tenant, String application, String pipeline, PageRequest page) {
    TreeMap<String, Execution> sorted = new TreeMap<>(Comparator.reverseOrder());
    executions.values().stream()
        .filter(
            e ->
                e.tenant().equals(tenant)
                    && e.application().equals(application)
                    && e.pipeline().equals(pipeline))
        .forEach(e -> sorted.put(byTimeKey(e), e));
    return InMemoryPaging.page(
        tokens, tenant, "executions:" + application + "/" + pipeline, sorted, page);
  }

  @Override
  public synchronized Page<Execution> listActive(TenantId tenant, PageRequest page) {
    TreeMap<String, Execution> sorted = new TreeMap<>();
    executions.values().stream()
        .filter(e -> e.tenant().equals(tenant) && !e.status().isTerminal())
        .forEach(e -> sorted.put(byTimeKey(e), e));
    return InMemoryPaging.page(tokens, tenant, "executions:active", sorted, page);
  }

  @Override
  public synchronized StageRecord createStage(StageRecord stage) {
    TreeMap<String, StageRecord> of =
        stages.computeIfAbsent(key(stage.tenant(), stage.executionId()), k -> new TreeMap<>());
    if (of.containsKey(stage.stageId())) {
      throw new AlreadyExistsException("stage " + stage.stageId() + " already exists");
    }
    StageRecord stored = stage.atVersion(1);
    of.put(stage.stageId(), stored);
    return stored;
  }

  @Override
  public synchronized Optional<StageRecord> getStage(
      TenantId tenant, String executionId, String stageId) {
    return Optional.ofNullable(
        stages.getOrDefault(key(tenant, executionId), new TreeMap<>()).get(stageId));
  }

  @Override
  public synchronized StageRecord updateStage(StageRecord stage) {
    TreeMap<String, StageRecord> of =
        stages.getOrDefault(key(stage.tenant(), stage.executionId()), new TreeMap<>());
    StageRecord current = of.get(stage.stageId());
    if (current == null) {
      throw new NotFoundException("stage " + stage.stageId() + " does not exist");
    }
    if (current.version() != stage.version()) {
      throw new ConflictException(
          "stage "
              + stage.stageId()
              + " changed: expected version "
              + stage.version()
              + ", stored "
              + current.version());
    }
    StageRecord stored = stage.atVersion(stage.version() + 1);
    of.put(stage.stageId(), stored);
    return stored;
  }

  @Override
  public synchronized Page<StageRecord> listStages(
      TenantId tenant, String executionId, PageRequest page) {
    return InMemoryPaging.page(
        tokens,
        tenant,
        "stages:" + executionId,
        new TreeMap<>(stages.getOrDefault(key(tenant, executionId), new TreeMap<>())),
        page);
  }

  @Override
  public synchronized void appendEvent(TimelineEvent event) {
    TreeMap<String, TimelineEvent> of =
        events.computeIfAbsent(key(event.tenant(), event.executionId()), k -> new TreeMap<>());
    of.putIfAbsent(SortableTime.format(event.at()) + "#" + event.eventId(), event);
  }

  @Override
  public synchronized Page<TimelineEvent> listEvents(
      TenantId tenant, String executionId, PageRequest page) {
    return InMemoryPaging.page(
        tokens,
        tenant,
        "events:" + executionId,
        new TreeMap<>(events.getOrDefault(key(tenant, executionId), new TreeMap<>())),
        page);
  }
}
