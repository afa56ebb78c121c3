package dev.gennaker.core.onboarding;

import dev.gennaker.core.runner.Orchestrator;
import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.AlreadyExistsException;
import dev.gennaker.core.tenant.ApiKeyStore;
import dev.gennaker.core.tenant.ApiKeys;
import dev.gennaker.core.tenant.Member;
import dev.gennaker.core.tenant.Role;
import dev.gennaker.core.tenant.Tenant;
import dev.gennaker.core.tenant.TenantId;
import dev.gennaker.core.tenant.TenantStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Signs a tenant up: the tenant record, its first admin, its webhook secrets, its runner state
 * machine (through the {@link Orchestrator}, so locally on our engine) and the admin's API key,
 * which is returned once. Roles are built in ({@link Role}); nothing per tenant to create for them.
 *
 * <p>The tenant stays {@link Tenant.Status#PROVISIONING} until every step is done. When a step
 * fails, what was made is undone in reverse order and the failure is rethrown; if the undoing fails
 * too (the store went away), the tenant is left PROVISIONING and signing up again with the same id
 * and admin resumes and completes it. So there is never a half tenant that works.
 */
public final class Onboarding {
  /** The secret GitHub deliveries are signed with. */
  public static final String GITHUB_WEBHOOK_SECRET = "github-webhook";

  /** The secret container registries' notifications are authenticated with. */
  public static final String REGISTRY_WEBHOOK_SECRET = "registry-webhook";

  public static final List<String> WEBHOOK_SECRETS =
      List.of(GITHUB_WEBHOOK_SECRET, REGISTRY_WEBHOOK_SECRET);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final TenantStore tenants;
  private final ApiKeys keys;
  private final ApiKeyStore keyStore;
  private final SecretStore secrets;
  private final Orchestrator orchestrator;
  private final Clock clock;

  public Onboarding(
      TenantStore tenants,
      ApiKeyStore keyStore,
      SecretStore secrets,
      Orchestrator orchestrator,
      Clock clock) {
    this.tenants = tenants;
    this.keyStore = keyStore;
    this.keys = new ApiKeys(keyStore, clock);
    this.secrets = secrets;
    this.orchestrator = orchestrator;
    this.clock = clock;
  }

  /** A finished sign-up; {@code adminKey} holds the only copy of the key. */
  public record SignedUp(Tenant tenant, ApiKeys.Issued adminKey, String stateMachineArn) {}

  /** The tenant id belongs to someone else (or to a finished sign-up). */
  public static final class TenantIdTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TenantIdTakenException(TenantId id) {
      super("the tenant id " + id + " is taken; choose another");
    }
  }

  /**
   * Signs up {@code id} with {@code adminUserId} as its first admin.
   *
   * @throws TenantIdTakenException if the id is in use, other than by an unfinished sign-up of the
   *     same admin
   */
  public SignedUp signUp(TenantId id, String displayName, String adminUserId) {
    Instant now = clock.instant();
    Member admin = new Member(id, adminUserId, Set.of(Role.ADMIN), now);
    Tenant tenant =
        new Tenant(id, displayName, now, Tenant.Status.PROVISIONING, false, List.of(), "");
    try {
      tenants.createTenant(tenant);
    } catch (AlreadyExistsException e) {
      Tenant existing = tenants.getTenant(id).orElseThrow(() -> new TenantIdTakenException(id));
      boolean resumable =
          existing.status() == Tenant.Status.PROVISIONING
              && tenants
                  .getMember(id, adminUserId)
                  .filter(m -> m.roles().contains(Role.ADMIN))
                  .isPresent();
      if (!resumable) {
        throw new TenantIdTakenException(id);
      }
      tenant = existing;
    }
    ApiKeys.Issued key = null;
    try {
      tenants.putMember(admin);
      for (String name : WEBHOOK_SECRETS) {
        SecretRef ref = new SecretRef(id, name);
        if (secrets.get(ref).isEmpty()) {
          secrets.put(ref, SecretValue.of(randomSecret()));
        }
      }
      String arn = orchestrator.provisionTenant(id);
      key = keys.issue(id, adminUserId, Role.ADMIN);
      Tenant active = tenant.withStatus(Tenant.Status.ACTIVE);
      tenants.updateTenant(active);
      return new SignedUp(active, key, arn);
    } catch (RuntimeException e) {
      undo(id, key, e);
      throw e;
    }
  }

  /** Undoes a sign-up, newest step first; every step is idempotent, so each runs regardless. */
  private void undo(TenantId id, ApiKeys.Issued key, RuntimeException cause) {
    List<Runnable> steps =
        List.of(
            () -> {
              if (key != null) {
                keyStore.delete(id, key.record().keyId());
              }
            },
            () -> orchestrator.deprovisionTenant(id),
            () -> WEBHOOK_SECRETS.forEach(n -> secrets.delete(new SecretRef(id, n))),
            () -> tenants.deleteTenant(id));
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
