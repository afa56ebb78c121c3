package dev.gennaker.core.secret;

import dev.gennaker.core.tenant.TenantId;
import java.util.Objects;
import java.util.regex.Pattern;

/** Names a secret of a tenant, e.g. {@code github-webhook} or {@code agent-registration/a1}. */
public record SecretRef(TenantId tenant, String name) {
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9][a-z0-9-]{0,62}(/[A-Za-z0-9-]{1,64})?");

  public SecretRef {
    Objects.requireNonNull(tenant, "tenant");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "secret name must be lowercase letters, digits and dashes, optionally /<id>: " + name);
    }
  }
}
