package dev.gennaker.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code ./gennaker} command of the repository as a user would, in its own process. */
final class Gennaker {
  static final Path REPO = Path.of(System.getProperty("gennaker.repo", "..")).toAbsolutePath();

  record Result(int exitCode, String out, String err) {}

  private Gennaker() {}

  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REPO.resolve("gennaker").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile());
    // The reactor built the jar just before this suite; never start a nested build from a test.
    pb.environment().put("GENNAKER_SKIP_BUILD", "1");
    Path out = java.nio.file.Files.createTempFile("gennaker-out", ".txt");
    Path err = java.nio.file.Files.createTempFile("gennaker-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("gennaker " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Result(
        p.exitValue(),
        java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
        java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
  }
}
