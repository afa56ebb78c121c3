package dev.gennaker.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.secret.InMemorySecretStore;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.store.PageRequest;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.ApiKeyStore;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.InMemoryApiKeyStore;
import dev.gennaker.core.tenant.InMemoryTenantStore;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.tenant.TenantStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sign-up makes a whole tenant or none, whichever step fails. */
class OnboardingTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Clock CLOCK = Clock.systemUTC();

  private final PageTokens tokens = PageTokens.withPassphrase("onboarding-test");
  private final InMemoryTenantStore tenants = new InMemoryTenantStore(tokens);
  private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore(tokens);
  private final InMemorySecretStore secrets = new InMemorySecretStore();
  private final Set<String> machines = ConcurrentHashMap.newKeySet();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  private final Orchestrator orchestrator =
      new Orchestrator() {
        @Override
        public String provisionTenant(TenantId tenant) {
          machines.add(tenant.value());
          return "arn:aws:states:eu-west-1:123456789012:stateMachine:gennaker-runner-" + tenant;
        }

        @Override
        public void deprovisionTenant(TenantId tenant) {
          machines.remove(tenant.value());
        }

        @Override
        public String start(TenantId tenant, String executionId, String inputJson) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void sendTaskSuccess(String taskToken, String outputJson) {}

        @Override
        public void sendTaskFailure(String taskToken, String error, String cause) {}

        @Override
        public void sendTaskHeartbeat(String taskToken) {}

        @Override
        public void stop(String executionArn, String error, String cause) {}
      };

  /** {@code target} whose method {@code Type.method} throws while listed in {@link #failing}. */
  @SuppressWarnings("unchecked")
  private <T> T failable(Class<T> type, T target) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (failing.contains(type.getSimpleName() + "." + method.getName())) {
            throw new StoreUnavailableException("injected failure", null);
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private Onboarding onboarding() {
    return new Onboarding(
        failable(TenantStore.class, tenants),
        failable(ApiKeyStore.class, keys),
        failable(SecretStore.class, secrets),
        failable(Orchestrator.class, orchestrator),
        CLOCK);
  }

  private void assertNothingOfAcmeRemains() {
    assertThat(tenants.getTenant(ACME)).isEmpty();
    assertThat(tenants.listMembers(ACME, PageRequest.first(10)).items()).isEmpty();
    for (String name : Onboarding.WEBHOOK_SECRETS) {
      assertThat(secrets.get(new SecretRef(ACME, name))).as(name).isEmpty();
    }
    assertThat(machines).isEmpty();
    assertThat(keys.list(ACME, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void signUp_makesTheWholeTenant_andTheKeyWorks() {
    Onboarding.SignedUp done = onboarding().signUp(ACME, "Acme", "ana@acme.io");
    assertThat(done.tenant().status()).isEqualTo(Tenant.Status.ACTIVE);
    assertThat(tenants.getTenant(ACME)).contains(done.tenant());
    assertThat(tenants.getMember(ACME, "ana@acme.io").orElseThrow().roles())
        .containsExactly(Role.ADMIN);
    assertThat(secrets.get(new SecretRef(ACME, Onboarding.GITHUB_WEBHOOK_SECRET))).isPresent();
    assertThat(machines).containsExactly("acme");
    assertThat(done.stateMachineArn()).endsWith(":gennaker-runner-acme");
    var verified = new ApiKeys(keys, CLOCK).verify(done.adminKey().key()).orElseThrow();
    assertThat(verified.role()).isEqualTo(Role.ADMIN);
    assertThat(verified.name()).isEqualTo("ana@acme.io");
  }

  @Test
  void aTakenId_isRefused_andTheExistingTenantIsUntouched() {
    Onboarding.SignedUp first = onboarding().signUp(ACME, "Acme", "ana@acme.io");
    assertThatThrownBy(() -> onboarding().signUp(ACME, "Evil", "eve@evil.io"))
        .isInstanceOf(Onboarding.TenantIdTakenException.class)
        .hasMessage("the tenant id acme is taken; choose another");
    assertThatThrownBy(() -> onboarding().signUp(ACME, "Acme", "ana@acme.io"))
        .as("a finished sign-up is not signed up twice")
        .isInstanceOf(Onboarding.TenantIdTakenException.class);
    assertThat(tenants.getTenant(ACME)).contains(first.tenant());
    assertThat(keys.list(ACME, PageRequest.first(10)).items()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TenantStore.createTenant",
        "TenantStore.putMember",
        "SecretStore.put",
        "Orchestrator.provisionTenant",
        "ApiKeyStore.create",
        "TenantStore.updateTenant"
      })
  void aFailingStep_leavesNoHalfTenant_andSigningUpAgainWorks(String step) {
    failing.add(step);
    assertThatThrownBy(() -> onboarding().signUp(ACME, "Acme", "ana@acme.io"))
        .isInstanceOf(StoreUnavailableException.class);
    assertNothingOfAcmeRemains();

    failing.clear();
    Onboarding.SignedUp done = onboarding().signUp(ACME, "Acme", "ana@acme.io");
    assertThat(done.tenant().status()).isEqualTo(Tenant.Status.ACTIVE);
    assertThat(new ApiKeys(keys, CLOCK).verify(done.adminKey().key())).isPresent();
  }

  @Test
  void whenUndoingFailsToo_theTenantStaysUnfinished_andSigningUpAgainCompletesIt() {
    failing.addAll(List.of("Orchestrator.provisionTenant", "TenantStore.deleteTenant"));
    assertThatThrownBy(() -> onboarding().signUp(ACME, "Acme", "ana@acme.io"))
        .isInstanceOf(StoreUnavailableException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(tenants.getTenant(ACME).orElseThrow().status())
        .isEqualTo(Tenant.Status.PROVISIONING);
    assertThat(keys.list(ACME, PageRequest.first(10)).items()).as("no key was issued").isEmpty();
    assertThatThrownBy(() -> onboarding().signUp(ACME, "Evil", "eve@evil.io"))
        .as("only the same admin resumes")
        .isInstanceOf(Onboarding.TenantIdTakenException.class);

    failing.clear();
    Onboarding.SignedUp done = onboarding().signUp(ACME, "Acme", "ana@acme.io");
    assertThat(done.tenant().status()).isEqualTo(Tenant.Status.ACTIVE);
    assertThat(machines).containsExactly("acme");
    assertThat(new ApiKeys(keys, CLOCK).verify(done.adminKey().key())).isPresent();
  }
}
