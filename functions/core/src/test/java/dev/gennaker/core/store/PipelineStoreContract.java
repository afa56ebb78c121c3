package dev.gennaker.core.store;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static dev.gennaker.core.store.Fixtures.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link PipelineStore}. */
public abstract class PipelineStoreContract {
  protected abstract PipelineStore newStore(PageTokens tokens);

  private PipelineStore store;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    store = newStore(Fixtures.TOKENS);
    tenant = freshTenant();
  }

  private static PipelineVersion v1(TenantId tenant, String app, String name) {
    return new PipelineVersion(
        tenant, app, name, 1, "name: " + name + "\nstages: []\n", "c0ffee1", "alice", T0);
  }

  @Test
  void everyAppliedVersion_isKept_andLatestIsTheHighest() {
    PipelineVersion first = store.apply(v1(tenant, "shop", "deploy"));
    PipelineVersion second =
        store.apply(
            first.next("name: deploy\nstages: [x]\n", "c0ffee2", "bob", T0.plusSeconds(60)));
    assertThat(store.latest(tenant, "shop", "deploy")).contains(second);
    assertThat(store.get(tenant, "shop", "deploy", 1)).contains(first);
    assertThat(store.get(tenant, "shop", "deploy", 3)).isEmpty();
    assertThat(store.latest(tenant, "shop", "other")).isEmpty();
    Page<PipelineVersion> versions =
        store.listVersions(tenant, "shop", "deploy", PageRequest.first(1));
    assertThat(versions.items()).extracting(PipelineVersion::version).containsExactly(2);
    assertThat(
            store
                .listVersions(
                    tenant,
                    "shop",
                    "deploy",
                    PageRequest.after(1, versions.nextToken().orElseThrow()))
                .items())
        .extracting(PipelineVersion::version)
        .containsExactly(1);
  }

  @Test
  void applyingAnythingButLatestPlusOne_conflicts() {
    PipelineVersion first = store.apply(v1(tenant, "shop", "deploy"));
    assertThatThrownBy(() -> store.apply(first)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.apply(first.next("y", "c", "a", T0).next("z", "c", "a", T0)))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void deleting_hidesThePipeline_keepsItsVersions_andReapplyingContinuesTheNumbering() {
    PipelineVersion first = store.apply(v1(tenant, "shop", "deploy"));
    PipelineVersion second = store.apply(first.next("name: deploy\n", "c2", "bob", T0));
    store.apply(v1(tenant, "shop", "other"));
    store.delete(tenant, "shop", "deploy");
    store.delete(tenant, "shop", "deploy");
    store.delete(tenant, "shop", "never-was");
    assertThat(store.latest(tenant, "shop", "deploy")).isEmpty();
    assertThat(store.get(tenant, "shop", "deploy", 2)).contains(second);
    assertThat(store.listVersions(tenant, "shop", "deploy", PageRequest.first(10)).items())
        .hasSize(2);
    assertThat(store.listPipelines(tenant, PageRequest.first(10)).items())
        .extracting(PipelineVersion::pipeline)
        .containsExactly("other");
    assertThatThrownBy(() -> store.apply(v1(tenant, "shop", "deploy")))
        .as("numbering continues after a delete")
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.apply(second.next("x", "c", "a", T0).next("y", "c", "a", T0)))
        .isInstanceOf(ConflictException.class);
    PipelineVersion third = store.apply(second.next("name: deploy again\n", "c3", "cy", T0));
    assertThat(store.latest(tenant, "shop", "deploy")).contains(third);
    assertThat(store.listPipelines(tenant, PageRequest.first(10)).items()).hasSize(2);
  }

  @Test
  void aFileOfSeveralHundredKilobytes_isKeptWhole() {
    StringBuilder yaml = new StringBuilder("name: big\nstages:\n");
    while (yaml.length() < 600_000) {
      yaml.append("  - {id: s").append(yaml.length()).append(", type: wait}  # ünïcödé\n");
    }
    PipelineVersion first =
        store.apply(
            new PipelineVersion(tenant, "shop", "big", 1, yaml.toString(), "c1", "ana", T0));
    PipelineVersion second = store.apply(first.next(yaml + "# two\n", "c2", "bo", T0));
    assertThat(store.latest(tenant, "shop", "big")).contains(second);
    assertThat(store.get(tenant, "shop", "big", 1)).contains(first);
    assertThat(store.listVersions(tenant, "shop", "big", PageRequest.first(10)).items())
        .containsExactly(second, first);
    assertThat(store.listPipelines(tenant, PageRequest.first(10)).items()).containsExactly(second);
  }

  @Test
  void twoConcurrentApplies_ofTheSameNextVersion_oneWins() throws Exception {
    PipelineVersion first = store.apply(v1(tenant, "shop", "deploy"));
    List<Object> results =
        race(2, i -> () -> store.apply(first.next("v2-by-" + i, "c" + i, "u" + i, T0)));
    assertThat(results).filteredOn(r -> r instanceof PipelineVersion).hasSize(1);
    assertThat(results).filteredOn(r -> r instanceof ConflictException).hasSize(1);
    assertThat(store.latest(tenant, "shop", "deploy").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void listPipelines_showsLatestOfEach_orderedByApplicationThenName() {
    store.apply(v1(tenant, "shop", "deploy"));
    store.apply(v1(tenant, "shop", "deploy").next("v2", "c2", "bob", T0));
    store.apply(v1(tenant, "billing", "deploy"));
    store.apply(v1(tenant, "shop", "canary"));
    Page<PipelineVersion> first = store.listPipelines(tenant, PageRequest.first(2));
    assertThat(first.items())
        .extracting(p -> p.application() + "/" + p.pipeline() + "@" + p.version())
        .containsExactly("billing/deploy@1", "shop/canary@1");
    assertThat(
            store
                .listPipelines(tenant, PageRequest.after(2, first.nextToken().orElseThrow()))
                .items())
        .extracting(p -> p.application() + "/" + p.pipeline() + "@" + p.version())
        .containsExactly("shop/deploy@2");
  }

  @Test
  void tenantB_seesNothingOfTenantA_throughAnyMethod() {
    TenantId other = freshTenant();
    store.apply(v1(tenant, "shop", "deploy"));
    store.apply(v1(tenant, "shop", "deploy").next("v2", "c2", "bob", T0));
    store.apply(v1(tenant, "shop", "canary"));
    assertThat(store.latest(other, "shop", "deploy")).isEmpty();
    assertThat(store.get(other, "shop", "deploy", 1)).isEmpty();
    assertThat(store.listVersions(other, "shop", "deploy", PageRequest.first(10)).items())
        .isEmpty();
    assertThat(store.listPipelines(other, PageRequest.first(10)).items()).isEmpty();
    // Another tenant's history does not count toward this one's version numbers.
    assertThat(store.apply(v1(other, "shop", "deploy")).version()).isEqualTo(1);
    String versions =
        store
            .listVersions(tenant, "shop", "deploy", PageRequest.first(1))
            .nextToken()
            .orElseThrow();
    String pipelines = store.listPipelines(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    assertThatThrownBy(
            () -> store.listVersions(other, "shop", "deploy", PageRequest.after(1, versions)))
        .isInstanceOf(InvalidPageTokenException.class);
    assertThatThrownBy(() -> store.listPipelines(other, PageRequest.after(1, pipelines)))
        .isInstanceOf(InvalidPageTokenException.class);
  }
}
