package dev.gennaker.core.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Files of the repository that tests read: the examples, the schema, the bad-file corpus. */
final class RepoFiles {
  private RepoFiles() {}

  static Path root() {
    String configured = System.getProperty("gennaker.repo");
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("examples/pipelines"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the repository root above " + start);
  }

  static List<Path> examplePipelines() {
    return list(root().resolve("examples/pipelines"), ".yml");
  }

  static Path badCorpus() {
    return Path.of("src/test/resources/pipelines/bad").toAbsolutePath();
  }

  static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> out = files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
      if (out.isEmpty()) {
        throw new IllegalStateException("no " + suffix + " files in " + dir);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
