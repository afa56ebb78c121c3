package dev.gennaker.core.blob;

import dev.gennaker.core.tenant.TenantId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a blob: its tenant and a relative key such as {@code executions/e1/bake/manifests.yaml}.
 * Keys are slash-separated segments of safe characters; no segment may be {@code .} or {@code ..},
 * so a key can never leave its tenant's prefix.
 */
public record BlobRef(TenantId tenant, String key) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._=-]{0,127}");

  public BlobRef {
    Objects.requireNonNull(tenant, "tenant");
    if (key == null || key.isEmpty() || key.length() > 512) {
      throw new IllegalArgumentException("blob key must be 1-512 characters");
    }
    for (String segment : key.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
        throw new IllegalArgumentException("blob key has an unsafe segment: " + key);
      }
    }
  }
}
