package dev.gennaker.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.tenant.TenantId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageTokensTest {
  private final TenantId a = TenantId.of("tenant-a");
  private final TenantId b = TenantId.of("tenant-b");

  @Test
  void token_opensToItsCursor_forSameTenantAndQuery() {
    String token = Fixtures.TOKENS.issue(a, "executions", Map.of("pk", "T#tenant-a", "sk", "x"));
    assertThat(Fixtures.TOKENS.open(a, "executions", token))
        .containsEntry("pk", "T#tenant-a")
        .containsEntry("sk", "x");
  }

  @Test
  void token_isRefused_forAnotherTenant() {
    String token = Fixtures.TOKENS.issue(a, "executions", Map.of("sk", "x"));
    assertThatThrownBy(() -> Fixtures.TOKENS.open(b, "executions", token))
        .isInstanceOf(InvalidPageTokenException.class)
        .hasMessage("page token was issued to another tenant");
  }

  @Test
  void token_isRefused_forAnotherQuery() {
    String token = Fixtures.TOKENS.issue(a, "executions", Map.of("sk", "x"));
    assertThatThrownBy(() -> Fixtures.TOKENS.open(a, "audit", token))
        .isInstanceOf(InvalidPageTokenException.class)
        .hasMessage("page token was issued for another query");
  }

  @Test
  void token_isRefused_whenAltered() {
    String token = Fixtures.TOKENS.issue(a, "executions", Map.of("sk", "x"));
    String forged =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"t\":\"tenant-b\",\"q\":\"executions\",\"c\":{\"sk\":\"x\"}}".getBytes())
            + token.substring(token.indexOf('.'));
    assertThatThrownBy(() -> Fixtures.TOKENS.open(b, "executions", forged))
        .isInstanceOf(InvalidPageTokenException.class)
        .hasMessage("page token signature does not verify");
    assertThatThrownBy(() -> Fixtures.TOKENS.open(a, "executions", "garbage"))
        .isInstanceOf(InvalidPageTokenException.class)
        .hasMessage("page token is malformed");
  }

  @Test
  void token_isRefused_underAnotherKey() {
    String token = Fixtures.TOKENS.issue(a, "executions", Map.of("sk", "x"));
    assertThatThrownBy(() -> PageTokens.withPassphrase("another key").open(a, "executions", token))
        .isInstanceOf(InvalidPageTokenException.class);
  }
}
