package dev.gennaker.core.source;

import dev.gennaker.core.tenant.TenantId;
import java.util.List;

/**
 * Reads files of a tenant's repository at one commit. Read-only and idempotent; thread-safe.
 * Failures to reach the source surface as {@link dev.gennaker.core.store.StoreUnavailableException}
 * (retried); a folder that does not exist is an empty list.
 */
public interface SourceFiles {

  /** A file's path relative to the repository root, and its text. */
  record SourceFile(String path, String text) {}

  /**
   * Every file under {@code folder} (recursively), sorted by path.
   *
   * @param repository {@code owner/name}
   * @param commit a commit SHA, a branch or a tag
   */
  List<SourceFile> folder(TenantId tenant, String repository, String commit, String folder);
}
