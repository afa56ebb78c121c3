package dev.gennaker.core.tenant;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.store.InvalidPageTokenException;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link ApiKeyStore}, exercised through {@link ApiKeys}. */
public abstract class ApiKeyStoreContract {
  protected abstract ApiKeyStore newStore(PageTokens tokens);

  private ApiKeyStore store;
  private ApiKeys keys;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    store = newStore(Fixtures.TOKENS);
    keys = new ApiKeys(store, Clock.fixed(T0, ZoneOffset.UTC));
    tenant = freshTenant();
  }

  @Test
  void issuedKey_isStoredOnlyAsHashAndPrefix_andVerifies() {
    ApiKeys.Issued issued = keys.issue(tenant, "ci", Role.DEPLOYER);
    ApiKey stored = store.get(tenant, issued.record().keyId()).orElseThrow();
    assertThat(stored.sha256()).isEqualTo(ApiKeys.sha256Hex(issued.key()));
    assertThat(stored.toString())
        .doesNotContain(issued.key().substring(issued.key().lastIndexOf('_') + 1));
    assertThat(issued.toString()).doesNotContain(issued.key());
    assertThat(stored.visiblePrefix()).startsWith("gnk_").hasSize(10);
    assertThat(issued.key()).startsWith("gnk_" + tenant.value() + "_" + stored.keyId() + "_");
    assertThat(keys.verify(issued.key())).contains(stored);
    assertThat(keys.verify(issued.key() + "x")).isEmpty();
    assertThat(keys.verify("gnk_nope")).isEmpty();
    assertThat(keys.verify(null)).isEmpty();
  }

  @Test
  void expiredKey_noLongerVerifies_andUseIsRecordedAtMostOncePerMinute() {
    ApiKeys.Issued shortLived =
        keys.issue(tenant, "ci", Role.DEPLOYER, java.util.Optional.of(T0.plusSeconds(60)));
    assertThat(keys.verify(shortLived.key())).isPresent();
    assertThat(store.get(tenant, shortLived.record().keyId()).orElseThrow().lastUsedAt())
        .contains(T0);
    ApiKeys later = new ApiKeys(store, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
    assertThat(later.verify(shortLived.key())).as("expired at its expiry time").isEmpty();

    ApiKeys.Issued lasting = keys.issue(tenant, "ops", Role.VIEWER);
    keys.verify(lasting.key());
    new ApiKeys(store, Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC)).verify(lasting.key());
    assertThat(store.get(tenant, lasting.record().keyId()).orElseThrow().lastUsedAt())
        .as("within the minute: not written again")
        .contains(T0);
    new ApiKeys(store, Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC)).verify(lasting.key());
    store.touch(tenant, lasting.record().keyId(), T0.plusSeconds(5));
    assertThat(store.get(tenant, lasting.record().keyId()).orElseThrow().lastUsedAt())
        .as("an older use never overwrites a newer one")
        .contains(T0.plusSeconds(90));
    store.touch(tenant, "000000000000000000", T0);
    assertThat(store.get(tenant, "000000000000000000")).isEmpty();

    store.delete(tenant, lasting.record().keyId());
    store.delete(tenant, lasting.record().keyId());
    assertThat(store.get(tenant, lasting.record().keyId())).isEmpty();
    assertThat(keys.verify(lasting.key())).isEmpty();
  }

  @Test
  void revokedKey_noLongerVerifies_andRevokeIsIdempotent() {
    ApiKeys.Issued issued = keys.issue(tenant, "ci", Role.DEPLOYER);
    ApiKey revoked = store.revoke(tenant, issued.record().keyId(), T0.plusSeconds(10));
    assertThat(revoked.revokedAt()).contains(T0.plusSeconds(10));
    assertThat(store.revoke(tenant, issued.record().keyId(), T0.plusSeconds(99)).revokedAt())
        .contains(T0.plusSeconds(10));
    assertThat(keys.verify(issued.key())).isEmpty();
    assertThatThrownBy(() -> store.revoke(tenant, "000000000000000000", T0))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void create_twice_isRefused_andListPages() {
    ApiKey first = keys.issue(tenant, "one", Role.VIEWER).record();
    keys.issue(tenant, "two", Role.ADMIN);
    assertThatThrownBy(() -> store.create(first)).isInstanceOf(AlreadyExistsException.class);
    var page = store.list(tenant, PageRequest.first(1));
    assertThat(page.items()).hasSize(1);
    var rest = store.list(tenant, PageRequest.after(1, page.nextToken().orElseThrow()));
    assertThat(rest.items()).hasSize(1).doesNotContainAnyElementsOf(page.items());
  }

  @Test
  void tenantB_seesNothingOfTenantA_throughAnyMethod() {
    TenantId other = freshTenant();
    ApiKeys.Issued issued = keys.issue(tenant, "ci", Role.ADMIN);
    keys.issue(tenant, "ci2", Role.ADMIN);
    String keyId = issued.record().keyId();
    assertThat(store.get(other, keyId)).isEmpty();
    assertThat(store.list(other, PageRequest.first(10)).items()).isEmpty();
    assertThatThrownBy(() -> store.revoke(other, keyId, T0)).isInstanceOf(NotFoundException.class);
    // A key presented with another tenant's id in it does not verify.
    assertThat(keys.verify(issued.key().replace(tenant.value(), other.value()))).isEmpty();
    String token = store.list(tenant, PageRequest.first(1)).nextToken().orElseThrow();
    assertThatThrownBy(() -> store.list(other, PageRequest.after(1, token)))
        .isInstanceOf(InvalidPageTokenException.class);
  }
}
