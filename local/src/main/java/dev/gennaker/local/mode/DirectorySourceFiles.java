package dev.gennaker.local.mode;

import dev.gennaker.core.source.SourceFiles;
import dev.gennaker.core.tenant.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Repositories as folders, for local mode: {@code owner/name} is {@code <root>/owner/name}, read as
 * it is now (whatever commit is asked for). Repositories that are not there are read from {@code
 * fallback} (GitHub, when configured).
 */
final class DirectorySourceFiles implements SourceFiles {
  private final Path root;
  private final Optional<SourceFiles> fallback;

  DirectorySourceFiles(Path root, Optional<SourceFiles> fallback) {
    this.root = root.toAbsolutePath().normalize();
    this.fallback = fallback;
  }

  @Override
  public List<SourceFile> folder(TenantId tenant, String repository, String commit, String folder) {
    Path repo = root.resolve(repository).normalize();
    if (!repo.startsWith(root) || !Files.isDirectory(repo)) {
      return fallback.map(f -> f.folder(tenant, repository, commit, folder)).orElse(List.of());
    }
    Path dir = repo.resolve(folder).normalize();
    if (!dir.startsWith(repo) || !Files.isDirectory(dir)) {
      return List.of();
    }
    List<SourceFile> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        out.add(
            new SourceFile(repo.relativize(p).toString().replace('\\', '/'), Files.readString(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
