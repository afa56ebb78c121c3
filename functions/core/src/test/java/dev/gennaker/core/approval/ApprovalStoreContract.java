package dev.gennaker.core.approval;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static dev.gennaker.core.store.Fixtures.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.ConflictException;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.InvalidPageTokenException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.TenantId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ApprovalStore} and {@link ApprovalTaskTokens}. */
public abstract class ApprovalStoreContract {
  /** Returns one object implementing both ports over the same data. */
  protected abstract ApprovalStore newStore(PageTokens tokens);

  private ApprovalStore store;
  private ApprovalTaskTokens taskTokens;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    store = newStore(Fixtures.TOKENS);
    taskTokens = (ApprovalTaskTokens) store;
    tenant = freshTenant();
  }

  static Approval pending(TenantId tenant, String executionId, String approvalId, int minute) {
    return Approval.pending(
        tenant,
        executionId,
        approvalId,
        "approve-prod",
        Set.of(Role.ADMIN, Role.DEPLOYER),
        "alice",
        T0.plusSeconds(60L * minute),
        Optional.of(T0.plusSeconds(86_400)));
  }

  @Test
  void create_storesPendingApproval_withoutExposingTheTaskToken() {
    Approval created = store.create(pending(tenant, "e1", "a1", 0), "TASK-TOKEN-SECRET-1");
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.status()).isEqualTo(ApprovalStatus.PENDING);
    Approval read = store.get(tenant, "e1", "a1").orElseThrow();
    assertThat(read).isEqualTo(created);
    // The public view has no component that could carry it, and its text does not either.
    assertThat(Arrays.stream(Approval.class.getRecordComponents()).map(c -> c.getName()))
        .noneMatch(n -> n.toLowerCase().contains("token"));
    assertThat(read.toString()).doesNotContain("TASK-TOKEN-SECRET-1");
    assertThat(store.listForExecution(tenant, "e1", PageRequest.first(5)).toString())
        .doesNotContain("TASK-TOKEN-SECRET-1");
    assertThat(taskTokens.taskToken(tenant, "e1", "a1")).contains("TASK-TOKEN-SECRET-1");
    assertThatThrownBy(() -> store.create(pending(tenant, "e1", "a1", 0), "other"))
        .isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void decide_once_thenEveryLaterDecisionConflicts() {
    store.create(pending(tenant, "e1", "a1", 0), "tok");
    Approval decided =
        store.decide(
            tenant,
            "e1",
            "a1",
            new Decision(ApprovalStatus.APPROVED, "bob", T0.plusSeconds(30), "ship it"));
    assertThat(decided.status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(decided.version()).isEqualTo(2);
    assertThat(decided.decision().orElseThrow().decidedBy()).isEqualTo("bob");
    assertThat(store.get(tenant, "e1", "a1")).contains(decided);
    assertThatThrownBy(
            () ->
                store.decide(
                    tenant,
                    "e1",
                    "a1",
                    new Decision(ApprovalStatus.REJECTED, "carol", T0.plusSeconds(31), "")))
        .isInstanceOf(ConflictException.class)
        .hasMessage("approval a1 was already decided: APPROVED by bob");
    assertThatThrownBy(
            () ->
                store.decide(
                    tenant, "e1", "nope", new Decision(ApprovalStatus.APPROVED, "bob", T0, "")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void twentyDeciders_racingOnOneApproval_exactlyOneWins() throws Exception {
    store.create(pending(tenant, "e1", "a1", 0), "tok");
    List<Object> results =
        race(
            20,
            i ->
                () ->
                    store.decide(
                        tenant,
                        "e1",
                        "a1",
                        new Decision(
                            i % 2 == 0 ? ApprovalStatus.APPROVED : ApprovalStatus.REJECTED,
                            "user" + i,
                            T0.plusSeconds(i),
                            "")));
    List<Approval> winners =
        results.stream().filter(r -> r instanceof Approval).map(r -> (Approval) r).toList();
    assertThat(winners).hasSize(1);
    assertThat(results)
        .filteredOn(r -> r instanceof ConflictException)
        .hasSize(19)
        .allSatisfy(
            e ->
                assertThat(((ConflictException) e).getMessage())
                    .startsWith("approval a1 was already decided: "));
    Approval stored = store.get(tenant, "e1", "a1").orElseThrow();
    assertThat(stored).isEqualTo(winners.get(0));
    assertThat(stored.version()).isEqualTo(2);
  }

  @Test
  void listPending_isOldestFirst_andDropsDecidedOnes() {
    store.create(pending(tenant, "e1", "a1", 2), "t1");
    store.create(pending(tenant, "e2", "a1", 1), "t2");
    store.create(pending(tenant, "e3", "a1", 3), "t3");
    store.decide(tenant, "e3", "a1", new Decision(ApprovalStatus.REJECTED, "bob", T0, "no"));
    Page<Approval> first = store.listPending(tenant, PageRequest.first(1));
    assertThat(first.items()).extracting(Approval::executionId).containsExactly("e2");
    Page<Approval> second =
        store.listPending(tenant, PageRequest.after(1, first.nextToken().orElseThrow()));
    assertThat(second.items()).extracting(Approval::executionId).containsExactly("e1");
    assertThat(second.nextToken()).isEmpty();
  }

  @Test
  void tenantB_seesNothingOfTenantA_throughAnyMethod() {
    TenantId other = freshTenant();
    store.create(pending(tenant, "e1", "a1", 0), "secret-token");
    store.create(pending(tenant, "e1", "a2", 1), "secret-token-2");
    assertThat(store.get(other, "e1", "a1")).isEmpty();
    assertThat(taskTokens.taskToken(other, "e1", "a1")).isEmpty();
    assertThat(store.listForExecution(other, "e1", PageRequest.first(10)).items()).isEmpty();
    assertThat(store.listPending(other, PageRequest.first(10)).items()).isEmpty();
    assertThatThrownBy(
            () ->
                store.decide(other, "e1", "a1", new Decision(ApprovalStatus.APPROVED, "x", T0, "")))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.get(tenant, "e1", "a1").orElseThrow().status())
        .isEqualTo(ApprovalStatus.PENDING);

    String forExecution =
        store.listForExecution(tenant, "e1", PageRequest.first(1)).nextToken().orElseThrow();
    String pendingToken = store.listPending(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    assertThatThrownBy(
            () -> store.listForExecution(other, "e1", PageRequest.after(1, forExecution)))
        .isInstanceOf(InvalidPageTokenException.class);
    assertThatThrownBy(() -> store.listPending(other, PageRequest.after(1, pendingToken)))
        .isInstanceOf(InvalidPageTokenException.class);
    assertThatThrownBy(() -> store.listPending(tenant, PageRequest.after(1, forExecution)))
        .isInstanceOf(InvalidPageTokenException.class);
  }
}
