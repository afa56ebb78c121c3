package dev.gennaker.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import org.junit.jupiter.api.Test;

/** What every {@link TaskTokens} must do; each implementation runs this suite. */
public abstract class TaskTokensContract {
  protected abstract TaskTokens newTokens();

  private final TenantId a = TenantId.of("acme");
  private final TenantId b = TenantId.of("globex");

  @Test
  void aTokenIsKeptPerAttempt_andTheLatestPutWins() {
    TaskTokens t = newTokens();
    t.put(a, "ex-1", "deploy", 1, "token-1");
    t.put(a, "ex-1", "deploy", 2, "token-2");
    t.put(a, "ex-1", "deploy", 2, "token-2b");
    assertThat(t.get(a, "ex-1", "deploy", 1)).contains("token-1");
    assertThat(t.get(a, "ex-1", "deploy", 2)).contains("token-2b");
    assertThat(t.get(a, "ex-1", "deploy", 3)).isEmpty();
  }

  @Test
  void removeIsIdempotent() {
    TaskTokens t = newTokens();
    t.put(a, "ex-1", "deploy/rollback", 1, "token-1");
    t.remove(a, "ex-1", "deploy/rollback", 1);
    t.remove(a, "ex-1", "deploy/rollback", 1);
    assertThat(t.get(a, "ex-1", "deploy/rollback", 1)).isEmpty();
  }

  @Test
  void anotherTenantSeesNothing() {
    TaskTokens t = newTokens();
    t.put(a, "ex-1", "deploy", 1, "token-1");
    assertThat(t.get(b, "ex-1", "deploy", 1)).isEmpty();
  }
}
