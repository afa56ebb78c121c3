package dev.gennaker.statemachines.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * How an engine runs.
 *
 * @param dataDir where state machines and execution journals are kept; null keeps everything in
 *     memory (nothing survives the process)
 * @param fsync whether each journal write is forced to the disk ({@code FileChannel.force});
 *     without it a write survives a crash of the process but not of the machine
 * @param threads worker threads that interpret executions
 * @param taskThreads threads that run task functions and SQS calls
 * @param skipWaits Wait states and Retry intervals complete at once (for tests and the CLI)
 * @param sqs the client for {@code sqs:sendMessage} tasks, or null
 * @param stateOverrides task functions that replace the resource of Task states, by state name (the
 *     CLI's {@code --task STATE=FILE})
 */
public record EngineConfig(
    Path dataDir,
    boolean fsync,
    int threads,
    int taskThreads,
    Clock clock,
    boolean skipWaits,
    SqsClient sqs,
    Map<String, TaskFunction> stateOverrides,
    Map<String, TaskFunction> functions,
    String region,
    String account) {

  public static EngineConfig inMemory() {
    return new EngineConfig(
        null,
        false,
        2,
        8,
        Clock.systemUTC(),
        false,
        null,
        Map.of(),
        Map.of(),
        "us-east-1",
        "123456789012");
  }

  public EngineConfig withDataDir(Path dir) {
    return new EngineConfig(
        dir,
        fsync,
        threads,
        taskThreads,
        clock,
        skipWaits,
        sqs,
        stateOverrides,
        functions,
        region,
        account);
  }

  public EngineConfig withFsync(boolean f) {
    return new EngineConfig(
        dataDir,
        f,
        threads,
        taskThreads,
        clock,
        skipWaits,
        sqs,
        stateOverrides,
        functions,
        region,
        account);
  }

  public EngineConfig withThreads(int t) {
    return new EngineConfig(
        dataDir,
        fsync,
        t,
        taskThreads,
        clock,
        skipWaits,
        sqs,
        stateOverrides,
        functions,
        region,
        account);
  }

  public EngineConfig withClock(Clock c) {
    return new EngineConfig(
        dataDir,
        fsync,
        threads,
        taskThreads,
        c,
        skipWaits,
        sqs,
        stateOverrides,
        functions,
        region,
        account);
  }

  public EngineConfig withSkipWaits(boolean s) {
    return new EngineConfig(
        dataDir,
        fsync,
        threads,
        taskThreads,
        clock,
        s,
        sqs,
        stateOverrides,
        functions,
        region,
        account);
  }

  public EngineConfig withSqs(SqsClient s) {
    return new EngineConfig(
        dataDir,
        fsync,
        threads,
        taskThreads,
        clock,
        skipWaits,
        s,
        stateOverrides,
        functions,
        region,
        account);
  }

  public EngineConfig withStateOverrides(Map<String, TaskFunction> o) {
    return new EngineConfig(
        dataDir,
        fsync,
        threads,
        taskThreads,
        clock,
        skipWaits,
        sqs,
        Map.copyOf(o),
        functions,
        region,
        account);
  }

  public EngineConfig withFunctions(Map<String, TaskFunction> f) {
    return new EngineConfig(
        dataDir,
        fsync,
        threads,
        taskThreads,
        clock,
        skipWaits,
        sqs,
        stateOverrides,
        Map.copyOf(f),
        region,
        account);
  }
}
