package dev.gennaker.core.execution;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static dev.gennaker.core.store.Fixtures.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.InvalidPageTokenException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ExecutionStore}; every implementation runs it. */
public abstract class ExecutionStoreContract {
  protected abstract ExecutionStore newStore(PageTokens tokens);

  private ExecutionStore store;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    store = newStore(Fixtures.TOKENS);
    tenant = freshTenant();
  }

  static Execution execution(TenantId tenant, String id, String pipeline, int minute) {
    return Execution.queued(
        tenant,
        id,
        "shop",
        pipeline,
        3,
        new Trigger("github-push", "alice", Map.of("branch", "main", "commit", "abc123")),
        Map.of("region", "eu-west-1"),
        List.of(new Artifact("docker/image", "shop", "registry/shop:1.2.3")),
        T0.plusSeconds(60L * minute));
  }

  @Test
  void create_thenGet_returnsEverythingAtVersion1() {
    Execution created = store.create(execution(tenant, "e1", "deploy", 0));
    assertThat(created.version()).isEqualTo(1);
    assertThat(store.get(tenant, "e1")).contains(created);
    assertThat(created.trigger().details()).containsEntry("commit", "abc123");
    assertThat(created.artifacts()).hasSize(1);
  }

  @Test
  void create_twice_isRefused() {
    store.create(execution(tenant, "e1", "deploy", 0));
    assertThatThrownBy(() -> store.create(execution(tenant, "e1", "deploy", 0)))
        .isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void update_withCurrentVersion_bumpsVersion_andStaleVersionConflicts() {
    Execution v1 = store.create(execution(tenant, "e1", "deploy", 0));
    Execution v2 =
        store.update(
            v1.withStatus(ExecutionStatus.RUNNING, T0.plusSeconds(1))
                .withStateMachineExecutionArn("arn:aws:states:eu-west-1:1:execution:t:e1"));
    assertThat(v2.version()).isEqualTo(2);
    assertThat(store.get(tenant, "e1")).contains(v2);
    assertThat(v2.startedAt()).contains(T0.plusSeconds(1));

    assertThatThrownBy(() -> store.update(v1.withStatus(ExecutionStatus.CANCELED, T0)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("e1");
    assertThat(store.get(tenant, "e1").orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void update_ofMissingExecution_isNotFound() {
    assertThatThrownBy(() -> store.update(execution(tenant, "nope", "deploy", 0).atVersion(1)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void twoWriters_racingOnOneExecution_exactlyOneWins() throws Exception {
    Execution v1 = store.create(execution(tenant, "e1", "deploy", 0));
    List<Object> results =
        race(
            2,
            i ->
                () ->
                    store.update(
                        v1.withStatus(
                            i == 0 ? ExecutionStatus.SUCCEEDED : ExecutionStatus.CANCELED,
                            T0.plusSeconds(5))));
    assertThat(results).filteredOn(r -> r instanceof Execution).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof ConflictException).hasSize(1);
    Execution winner =
        (Execution) results.stream().filter(r -> r instanceof Execution).findFirst().get();
    assertThat(store.get(tenant, "e1")).contains(winner);
  }

  @Test
  void twoWriters_racingOnOneStage_exactlyOneWins() throws Exception {
    store.create(execution(tenant, "e1", "deploy", 0));
    StageRecord v1 =
        store.createStage(StageRecord.notStarted(tenant, "e1", "deploy-prod", "deploy"));
    List<Object> results =
        race(
            2,
            i ->
                () ->
                    store.updateStage(
                        v1.finished(
                            i == 0 ? StageStatus.SUCCEEDED : StageStatus.CANCELED,
                            Map.of(),
                            Optional.empty(),
                            T0)));
    assertThat(results).filteredOn(r -> r instanceof StageRecord).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof ConflictException).hasSize(1);
    assertThat(store.getStage(tenant, "e1", "deploy-prod").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void list_isNewestFirst_andPagesThroughEverything() {
    for (int i = 0; i < 7; i++) {
      store.create(execution(tenant, "e" + i, i % 2 == 0 ? "deploy" : "teardown", i));
    }
    List<String> ids = new ArrayList<>();
    Page<Execution> page = store.list(tenant, PageRequest.first(3));
    ids.addAll(page.items().stream().map(Execution::executionId).toList());
    while (page.nextToken().isPresent()) {
      page = store.list(tenant, PageRequest.after(3, page.nextToken().get()));
      ids.addAll(page.items().stream().map(Execution::executionId).toList());
    }
    assertThat(ids).containsExactly("e6", "e5", "e4", "e3", "e2", "e1", "e0");

    Page<Execution> deploys = store.listByPipeline(tenant, "shop", "deploy", PageRequest.first(10));
    assertThat(deploys.items())
        .extracting(Execution::executionId)
        .containsExactly("e6", "e4", "e2", "e0");
    assertThat(deploys.nextToken()).isEmpty();
  }

  @Test
  void listActive_showsUnfinishedExecutions_oldestFirst() {
    Execution e0 = store.create(execution(tenant, "e0", "deploy", 0));
    store.create(execution(tenant, "e1", "deploy", 1));
    Execution e2 = store.create(execution(tenant, "e2", "deploy", 2));
    store.create(execution(tenant, "e3", "deploy", 3));
    store.update(e0.withStatus(ExecutionStatus.SUCCEEDED, T0.plusSeconds(600)));
    store.update(e2.withStatus(ExecutionStatus.RUNNING, T0.plusSeconds(600)));
    Page<Execution> first = store.listActive(tenant, PageRequest.first(2));
    assertThat(first.items()).extracting(Execution::executionId).containsExactly("e1", "e2");
    Page<Execution> second =
        store.listActive(tenant, PageRequest.after(2, first.nextToken().orElseThrow()));
    assertThat(second.items()).extracting(Execution::executionId).containsExactly("e3");
    assertThat(second.nextToken()).isEmpty();
  }

  @Test
  void stages_createUpdateList_withOptimisticConcurrency() {
    store.create(execution(tenant, "e1", "deploy", 0));
    StageRecord bake =
        store.createStage(StageRecord.notStarted(tenant, "e1", "bake", "bakeManifests"));
    store.createStage(StageRecord.notStarted(tenant, "e1", "deploy-prod", "deploy"));
    assertThat(bake.version()).isEqualTo(1);
    assertThatThrownBy(() -> store.createStage(StageRecord.notStarted(tenant, "e1", "bake", "x")))
        .isInstanceOf(AlreadyExistsException.class);

    StageRecord running = store.updateStage(bake.started(T0));
    StageRecord done =
        store.updateStage(
            running.finished(
                StageStatus.SUCCEEDED,
                Map.of("manifests", "blob:executions/e1/bake/manifests.yaml"),
                Optional.empty(),
                T0.plusSeconds(3)));
    assertThat(done.version()).isEqualTo(3);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(store.getStage(tenant, "e1", "bake")).contains(done);
    assertThatThrownBy(() -> store.updateStage(running.started(T0)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(
            () ->
                store.updateStage(StageRecord.notStarted(tenant, "e1", "ghost", "x").atVersion(1)))
        .isInstanceOf(NotFoundException.class);

    Page<StageRecord> first = store.listStages(tenant, "e1", PageRequest.first(1));
    assertThat(first.items()).extracting(StageRecord::stageId).containsExactly("bake");
    Page<StageRecord> second =
        store.listStages(tenant, "e1", PageRequest.after(1, first.nextToken().orElseThrow()));
    assertThat(second.items()).extracting(StageRecord::stageId).containsExactly("deploy-prod");
  }

  @Test
  void timeline_isOldestFirst_andAppendIsIdempotent() {
    store.create(execution(tenant, "e1", "deploy", 0));
    TimelineEvent started =
        new TimelineEvent(
            tenant, "e1", "ev1", T0, "execution.started", Optional.empty(), "started");
    store.appendEvent(
        new TimelineEvent(
            tenant, "e1", "ev2", T0.plusSeconds(2), "stage.started", Optional.of("bake"), "bake"));
    store.appendEvent(started);
    store.appendEvent(started);
    Page<TimelineEvent> events = store.listEvents(tenant, "e1", PageRequest.first(10));
    assertThat(events.items()).extracting(TimelineEvent::eventId).containsExactly("ev1", "ev2");
    assertThat(events.items().get(1).stageId()).contains("bake");
  }

  @Test
  void tenantB_seesNothingOfTenantA_throughAnyMethod() {
    TenantId other = freshTenant();
    store.create(execution(tenant, "e1", "deploy", 0));
    store.create(execution(tenant, "e2", "deploy", 1));
    store.createStage(StageRecord.notStarted(tenant, "e1", "bake", "bakeManifests"));
    store.createStage(StageRecord.notStarted(tenant, "e1", "deploy", "deploy"));
    store.appendEvent(new TimelineEvent(tenant, "e1", "ev1", T0, "x", Optional.empty(), "m"));
    store.appendEvent(new TimelineEvent(tenant, "e1", "ev2", T0, "x", Optional.empty(), "m"));

    assertThat(store.get(other, "e1")).isEmpty();
    assertThat(store.list(other, PageRequest.first(10)).items()).isEmpty();
    assertThat(store.listActive(other, PageRequest.first(10)).items()).isEmpty();
    assertThat(store.listByPipeline(other, "shop", "deploy", PageRequest.first(10)).items())
        .isEmpty();
    assertThat(store.getStage(other, "e1", "bake")).isEmpty();
    assertThat(store.listStages(other, "e1", PageRequest.first(10)).items()).isEmpty();
    assertThat(store.listEvents(other, "e1", PageRequest.first(10)).items()).isEmpty();
    assertThatThrownBy(() -> store.update(execution(other, "e1", "deploy", 0).atVersion(1)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> store.updateStage(StageRecord.notStarted(other, "e1", "bake", "x").atVersion(1)))
        .isInstanceOf(NotFoundException.class);
    // The same ids are free in the other tenant.
    assertThat(store.create(execution(other, "e1", "deploy", 0)).version()).isEqualTo(1);

    String listToken = store.list(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    String activeToken = store.listActive(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    assertThatThrownBy(() -> store.listActive(other, PageRequest.after(1, activeToken)))
        .isInstanceOf(InvalidPageTokenException.class);
    assertThatThrownBy(() -> store.listActive(tenant, PageRequest.after(1, listToken)))
        .isInstanceOf(InvalidPageTokenException.class);
    String byPipelineToken =
        store
            .listByPipeline(tenant, "shop", "deploy", PageRequest.first(1))
            .nextToken()
            .orElseThrow();
    String stagesToken =
        store.listStages(tenant, "e1", PageRequest.first(1)).nextToken().orElseThrow();
    String eventsToken =
        store.listEvents(tenant, "e1", PageRequest.first(1)).nextToken().orElseThrow();
    assertThatThrownBy(() -> store.list(other, PageRequest.after(1, listToken)))
        .isInstanceOf(InvalidPageTokenException.class)
        .hasMessageContaining("another tenant");
    assertThatThrownBy(
            () ->
                store.listByPipeline(
                    other, "shop", "deploy", PageRequest.after(1, byPipelineToken)))
        .isInstanceOf(InvalidPageTokenException.class);
    assertThatThrownBy(() -> store.listStages(other, "e1", PageRequest.after(1, stagesToken)))
        .isInstanceOf(InvalidPageTokenException.class);
    assertThatThrownBy(() -> store.listEvents(other, "e1", PageRequest.after(1, eventsToken)))
        .isInstanceOf(InvalidPageTokenException.class);
    // Same tenant, another query: refused too.
    assertThatThrownBy(
            () -> store.listByPipeline(tenant, "shop", "deploy", PageRequest.after(1, listToken)))
        .isInstanceOf(InvalidPageTokenException.class)
        .hasMessageContaining("another query");
    assertThatThrownBy(() -> store.listStages(tenant, "e2", PageRequest.after(1, stagesToken)))
        .isInstanceOf(InvalidPageTokenException.class);
  }

  @Test
  void pageToken_fromAStoreWithAnotherKey_isRefused() {
    store.create(execution(tenant, "e1", "deploy", 0));
    store.create(execution(tenant, "e2", "deploy", 1));
    String token = store.list(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    ExecutionStore otherKey = newStore(PageTokens.withPassphrase("some other deployment"));
    assertThatThrownBy(() -> otherKey.list(tenant, PageRequest.after(1, token)))
        .isInstanceOf(InvalidPageTokenException.class);
  }
}
