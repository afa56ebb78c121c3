package dev.gennaker.github;

import dev.gennaker.core.source.SourceFiles;
import dev.gennaker.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link SourceFiles} over the GitHub contents API: lists a folder recursively and reads each file
 * at the commit. One request per folder and per file, so it suits the small folders stages read
 * (manifests, a chart, pipeline files), not whole repositories. At most {@value #MAX_FILES} files.
 */
public final class GitHubSourceFiles implements SourceFiles {
  static final int MAX_FILES = 500;

  private final GitHubApi github;

  public GitHubSourceFiles(GitHubApi github) {
    this.github = github;
  }

  @Override
  public List<SourceFile> folder(TenantId tenant, String repository, String commit, String folder) {
    List<SourceFile> out = new ArrayList<>();
    collect(tenant, repository, commit, folder, out);
    out.sort(Comparator.comparing(SourceFile::path));
    return out;
  }

  private void collect(
      TenantId tenant, String repository, String commit, String folder, List<SourceFile> out) {
    for (GitHubApi.Entry e : github.folder(tenant, repository, commit, folder)) {
      if (out.size() >= MAX_FILES) {
        throw new IllegalArgumentException(
            folder + " in " + repository + " holds more than " + MAX_FILES + " files");
      }
      switch (e.type()) {
        case "dir" -> collect(tenant, repository, commit, e.path(), out);
        case "file" ->
            github
                .file(tenant, repository, commit, e.path())
                .ifPresent(text -> out.add(new SourceFile(e.path(), text)));
        default -> {
          // symlinks and submodules are not followed
        }
      }
    }
  }
}
