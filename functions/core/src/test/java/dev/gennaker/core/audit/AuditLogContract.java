package dev.gennaker.core.audit;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.InvalidPageTokenException;
import dev.gennaker.core.store.Page;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.TenantId;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link AuditLog}. */
public abstract class AuditLogContract {
  protected abstract AuditLog newLog(PageTokens tokens);

  private AuditLog log;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    log = newLog(Fixtures.TOKENS);
    tenant = freshTenant();
  }

  private AuditEntry entry(TenantId t, String id, int second, String action) {
    return new AuditEntry(
        t, id, T0.plusSeconds(second), "alice", action, "approval", "e1/a1", Map.of("why", "ok"));
  }

  @Test
  void entries_areNewestFirst_andAReappendCannotRewriteHistory() {
    log.append(entry(tenant, "x1", 1, "approval.approved"));
    log.append(entry(tenant, "x2", 2, "cluster.renamed"));
    log.append(entry(tenant, "x1", 1, "approval.rejected"));
    Page<AuditEntry> first = log.list(tenant, PageRequest.first(1));
    assertThat(first.items()).extracting(AuditEntry::entryId).containsExactly("x2");
    Page<AuditEntry> second =
        log.list(tenant, PageRequest.after(1, first.nextToken().orElseThrow()));
    assertThat(second.items()).extracting(AuditEntry::action).containsExactly("approval.approved");
    assertThat(second.nextToken()).isEmpty();
  }

  @Test
  void thePortOffersNoWayToChangeOrRemoveEntries() {
    assertThat(Arrays.stream(AuditLog.class.getMethods()).map(m -> m.getName()))
        .containsExactlyInAnyOrder("append", "list");
  }

  @Test
  void tenantB_seesNothingOfTenantA() {
    TenantId other = freshTenant();
    log.append(entry(tenant, "x1", 1, "a"));
    log.append(entry(tenant, "x2", 2, "b"));
    assertThat(log.list(other, PageRequest.first(10)).items()).isEmpty();
    String token = log.list(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    assertThatThrownBy(() -> log.list(other, PageRequest.after(1, token)))
        .isInstanceOf(InvalidPageTokenException.class);
  }
}
