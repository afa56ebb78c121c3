package dev.gennaker.statemachines.engine;

import dev.gennaker.statemachines.api.StepFunctionsServer;
import dev.gennaker.statemachines.asl.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

/**
 * The process {@link RestartTest} kills: an engine on a data directory, served over HTTP. Its
 * {@code work} function records each call and, in the first process ({@code block}), never returns;
 * {@code notify} writes the task token where the test can read it.
 */
public final class CrashableEngineMain {
  private CrashableEngineMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    boolean block = args[1].equals("block");
    TaskFunction work =
        in -> {
          append(dir.resolve("invocations"), "called\n");
          if (block) {
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return Json.object().put("done", true);
        };
    TaskFunction notify =
        in -> {
          append(dir.resolve("token.tmp"), in.get("token").asText());
          try {
            Files.move(dir.resolve("token.tmp"), dir.resolve("token"));
          } catch (java.io.IOException e) {
            throw new TaskFailure("IO", e.getMessage());
          }
          return Json.object();
        };
    // Functions go in the config: recovery re-invokes the interrupted task during construction.
    LocalStepFunctions engine =
        new LocalStepFunctions(
            EngineConfig.inMemory()
                .withDataDir(dir.resolve("data"))
                .withFunctions(java.util.Map.of("work", work, "notify", notify)));
    StepFunctionsServer server =
        StepFunctionsServer.start(engine, new InetSocketAddress("127.0.0.1", 0));
    Files.writeString(dir.resolve("port.tmp"), String.valueOf(server.port()));
    Files.move(
        dir.resolve("port.tmp"),
        dir.resolve("port"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    new CountDownLatch(1).await();
  }

  private static void append(Path f, String s) {
    try {
      Files.writeString(
          f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
