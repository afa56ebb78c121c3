package dev.gennaker.statemachines.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's figures (not a unit test): transitions per second for a long Pass chain and a Map
 * fan-out on one worker thread, heap per execution parked on a task token, and the latency from
 * SendTaskSuccess to the start of the next state. Run it with {@code -Xmx256m} to check the
 * parked-execution budget; see docs/asl-engine.md for the command.
 */
public final class EngineBenchmark {
  private static boolean fsync;

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean fsync = Arrays.asList(args).contains("--fsync");
    boolean journal = fsync || Arrays.asList(args).contains("--journal");
    EngineBenchmark.fsync = fsync;
    int parked = 10_000;
    System.out.printf(
        "java %s, %d cpus, max heap %d MiB, journal %s%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        journal ? (fsync ? "on, fsync" : "on (no fsync)") : "off");
    passChain(journal);
    mapFanOut(journal);
    parkedAndLatency(journal, parked);
  }

  private static EngineConfig config(boolean journal, int threads) throws Exception {
    EngineConfig c = EngineConfig.inMemory().withThreads(threads);
    return journal ? c.withDataDir(Files.createTempDirectory("asl-bench")).withFsync(fsync) : c;
  }

  private static String passChain(int n) {
    ObjectNode def = Json.object().put("StartAt", "S0");
    ObjectNode states = def.putObject("States");
    for (int i = 0; i < n; i++) {
      ObjectNode s = states.putObject("S" + i).put("Type", "Pass");
      if (i % 2 == 0) {
        s.putObject("Parameters").put("step", i).put("id.$", "$.id");
      }
      if (i == n - 1) {
        s.put("End", true);
      } else {
        s.put("Next", "S" + (i + 1));
      }
    }
    return Json.write(def);
  }

  private static void passChain(boolean journal) throws Exception {
    int states = 1000;
    try (LocalStepFunctions sfn = new LocalStepFunctions(config(journal, 1))) {
      String arn = sfn.createStateMachine("chain", passChain(states), null, null).arn();
      for (int round = 0; round < 2; round++) {
        int executions = round == 0 ? 10 : 30;
        long t0 = System.nanoTime();
        long cpu0 = workerCpuNanos();
        for (int i = 0; i < executions; i++) {
          var ex = sfn.startExecution(arn, "r" + round + "-" + i, "{\"id\":" + i + "}");
          sfn.awaitExecution(ex.arn(), Duration.ofMinutes(5));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (workerCpuNanos() - cpu0) / 1e9;
        if (round == 1) {
          System.out.printf(
              "Pass chain: %d executions x %d states in %.2f s = %.0f transitions/s wall clock,"
                  + " %.0f per second of worker CPU%n",
              executions,
              states,
              secs,
              executions * (double) states / secs,
              executions * (double) states / cpu);
        }
      }
    }
  }

  private static void mapFanOut(boolean journal) throws Exception {
    // 3,000 items x (2 states + iteration events) stays under the 25,000-event history limit
    // that Step Functions (and this engine) applies to an inline Map.
    int items = 3_000;
    int executions = 5;
    String def =
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"A\",\"States\":{"
            + "\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":\"$\"},\"Next\":\"B\"},\"B\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}";
    ArrayNode in = Json.F.arrayNode();
    for (int i = 0; i < items; i++) {
      in.add(i);
    }
    try (LocalStepFunctions sfn = new LocalStepFunctions(config(journal, 1))) {
      String arn = sfn.createStateMachine("map", def, null, null).arn();
      for (int round = 0; round < 2; round++) {
        long t0 = System.nanoTime();
        long cpu0 = workerCpuNanos();
        String status = "";
        for (int e = 0; e < executions; e++) {
          var ex = sfn.startExecution(arn, "m" + round + "-" + e, Json.write(in));
          status = sfn.awaitExecution(ex.arn(), Duration.ofMinutes(5)).status();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (workerCpuNanos() - cpu0) / 1e9;
        if (round == 1) {
          System.out.printf(
              "Map fan-out: %d executions x %d items x 2 states in %.2f s = %.0f transitions/s wall"
                  + " clock, %.0f per second of worker CPU (%s)%n",
              executions,
              items,
              secs,
              executions * (2.0 * items + 1) / secs,
              executions * (2.0 * items + 1) / cpu,
              status);
        }
      }
    }
  }

  /** CPU time of the engine's worker threads: the figure a loaded machine cannot distort. */
  private static long workerCpuNanos() {
    var threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      var info = threads.getThreadInfo(id);
      if (info != null && info.getThreadName().startsWith("asl-worker")) {
        sum += Math.max(0, threads.getThreadCpuTime(id));
      }
    }
    return sum;
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void parkedAndLatency(boolean journal, int parked) throws Exception {
    LinkedBlockingQueue<String> tokens = new LinkedBlockingQueue<>();
    ConcurrentHashMap<String, Long> marks = new ConcurrentHashMap<>();
    try (LocalStepFunctions sfn = new LocalStepFunctions(config(journal, 2))) {
      sfn.registerFunction(
          "park",
          in -> {
            tokens.add(in.get("token").asText());
            return Json.object();
          });
      CountDownLatch[] latch = new CountDownLatch[1];
      sfn.registerFunction(
          "mark",
          in -> {
            marks.put(in.get("id").asText(), System.nanoTime());
            latch[0].countDown();
            return in;
          });
      String def =
          "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
              + "\"Parameters\":{\"FunctionName\":\"park\",\"Payload\":{\"token.$\":\"$$.Task.Token\",\"id.$\":\"$.id\"}},\"ResultPath\":null,\"Next\":\"Next\"},"
              + "\"Next\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:mark\",\"End\":true}}}";
      String arn = sfn.createStateMachine("parked", def, null, null).arn();
      long before = usedHeap();
      List<String> order = new ArrayList<>();
      for (int i = 0; i < parked; i++) {
        sfn.startExecution(arn, "p" + i, "{\"id\":\"p" + i + "\"}");
      }
      for (int i = 0; i < parked; i++) {
        String t = tokens.poll(60, TimeUnit.SECONDS);
        if (t == null) {
          throw new IllegalStateException("only " + i + " executions parked");
        }
        order.add(t);
      }
      long after = usedHeap();
      System.out.printf(
          "Parked: %d executions on task tokens use %.1f MiB of heap (%.1f KiB each)%n",
          parked, (after - before) / 1048576.0, (after - before) / 1024.0 / parked);
      // Latency: one token at a time on an otherwise idle engine.
      int samples = Math.min(2000, parked);
      long[] lat = new long[samples];
      for (int i = 0; i < samples; i++) {
        latch[0] = new CountDownLatch(1);
        long t0 = System.nanoTime();
        sfn.sendTaskSuccess(order.get(i), "{}");
        latch[0].await(10, TimeUnit.SECONDS);
        lat[i] = marks.values().stream().mapToLong(Long::longValue).max().orElseThrow() - t0;
        marks.clear();
      }
      Arrays.sort(lat);
      long[] warm = Arrays.copyOfRange(lat, 0, samples);
      System.out.printf(
          "SendTaskSuccess -> next state started: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)%n",
          warm[samples / 2] / 1e6,
          warm[(int) (samples * 0.99)] / 1e6,
          warm[samples - 1] / 1e6,
          samples);
    }
  }
}
