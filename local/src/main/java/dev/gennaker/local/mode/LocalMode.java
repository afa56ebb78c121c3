package dev.gennaker.local.mode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.agent.AgentConfig;
import dev.gennaker.agent.AgentMain;
import dev.gennaker.agent.runtime.AgentSettings;
import dev.gennaker.agent.state.CredentialStore;
import dev.gennaker.agent.state.SecretCredentialStore;
import dev.gennaker.api.ApiFunction;
import dev.gennaker.api.ApiWiring;
import dev.gennaker.api.local.LocalHttpServer;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.aws.dynamodb.TableSchema;
import dev.gennaker.aws.sfn.RunnerDefinition;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.RunnerServices;
import dev.gennaker.core.runner.WebhookCallbacks;
import dev.gennaker.core.source.SourceFiles;
import dev.gennaker.simcluster.RolloutSettings;
import dev.gennaker.simcluster.SimulatedCluster;
import dev.gennaker.stages.RunnerFunctions;
import dev.gennaker.stages.RunnerWiring;
import dev.gennaker.statemachines.api.StepFunctionsServer;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import dev.gennaker.statemachines.engine.TaskFailure;
import dev.gennaker.statemachines.engine.TaskFunction;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The whole product in one process: DynamoDB Local, ElasticMQ, the ASL engine with its Step
 * Functions API, the runner's task functions, every HTTP function on one port, and an agent per
 * demo cluster on the simulated cluster (or on a real one through a kubeconfig). Everything is
 * wired by the same classes as on AWS; only endpoints differ.
 */
public final class LocalMode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("gennaker.local");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "123456789012";

  /** What to run. */
  public record Options(
      int port,
      Path dataDir,
      Optional<Path> kubeconfig,
      boolean instantRollouts,
      Optional<URI> githubApi,
      Optional<URI> slackApi,
      Optional<Path> tenantsDir) {}

  /** A problem the user can fix, said in one sentence; no stack trace. */
  public static final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
      super(message);
    }
  }

  private final Options options;
  private final Deque<AutoCloseable> closing = new ArrayDeque<>();
  private URI apiUrl;
  private Path credentialsFile;
  private final List<String> agentsStarted = new ArrayList<>();
  private final LocalControl control = new LocalControl(Duration.ofSeconds(1));

  private LocalMode(Options options) {
    this.options = options;
  }

  /** Starts everything; returns when the API answers and the agents are starting. */
  public static LocalMode start(Options options) {
    LocalMode mode = new LocalMode(options);
    try {
      mode.run();
      return mode;
    } catch (RuntimeException e) {
      mode.close();
      throw e;
    }
  }

  public URI apiUrl() {
    return apiUrl;
  }

  public Path credentialsFile() {
    return credentialsFile;
  }

  private void run() {
    Path data = options.dataDir().toAbsolutePath().normalize();
    lock(data);
    Dispatch dispatch = new Dispatch();
    LocalHttpServer http;
    try {
      http = LocalHttpServer.start("127.0.0.1", options.port(), dispatch);
    } catch (BindException e) {
      throw new UserError(
          "port "
              + options.port()
              + " is in use: stop what uses it, or start with --port "
              + (options.port() + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    closing.push(http);
    apiUrl = URI.create("http://127.0.0.1:" + http.port() + "/");
    LOG.info("event=http-listening url=" + apiUrl);

    EmbeddedEngines engines = EmbeddedEngines.start(data);
    closing.push(engines);
    LOG.info(
        "event=engines-started dynamodb="
            + engines.dynamoEndpoint()
            + " sqs="
            + engines.sqsEndpoint());

    LocalSecrets secrets = LocalSecrets.load(data.resolve("local-secrets.json"));
    int sfnPort = EmbeddedEngines.freePort();
    URI sfnEndpoint = URI.create("http://127.0.0.1:" + sfnPort);
    String fn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:gennaker-";
    ControlPlane plane =
        new ControlPlane(
            new ControlPlane.Config(
                REGION,
                "gennaker",
                new ControlPlane.Endpoints(
                    Optional.of(engines.dynamoEndpoint()),
                    Optional.of(engines.sqsEndpoint()),
                    Optional.of(sfnEndpoint)),
                "gennaker-",
                "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:",
                "gennaker-runner-",
                "arn:aws:iam::" + ACCOUNT + ":role/gennaker-runner-",
                Map.of(
                    RunnerDefinition.PLAN, fn + "plan",
                    RunnerDefinition.RUN_STAGE, fn + "run-stage",
                    RunnerDefinition.RECORD_FAILURE, fn + "record-failure",
                    RunnerDefinition.FINISH, fn + "finish"),
                Optional.empty(),
                Optional.empty(),
                Optional.of(data),
                secrets.pageTokenKey()),
            Clock.systemUTC());
    closing.push(plane);
    TableSchema.ensureTable(plane.dynamo(), "gennaker");

    Integrations integrations = Integrations.create(plane, options, apiUrl);
    closing.push(integrations);
    RunnerServices runner =
        RunnerWiring.services(
            plane,
            integrations.runnerNotifier(),
            integrations.sources(),
            new WebhookCallbacks(apiUrl, secrets.callbackKey().getBytes(StandardCharsets.UTF_8)),
            RunnerWiring.AGENT_HEARTBEAT);
    RunnerFunctions functions = new RunnerFunctions(runner);
    Map<String, TaskFunction> tasks = new LinkedHashMap<>();
    tasks.put("gennaker-plan", task(functions::plan));
    tasks.put("gennaker-run-stage", task(functions::runStage));
    tasks.put("gennaker-record-failure", task(functions::recordFailure));
    tasks.put("gennaker-finish", task(functions::finish));
    LocalStepFunctions engine =
        new LocalStepFunctions(
            EngineConfig.inMemory().withDataDir(data.resolve("engine")).withFunctions(tasks));
    closing.push(engine);
    try {
      StepFunctionsServer sfn =
          StepFunctionsServer.start(engine, new InetSocketAddress("127.0.0.1", sfnPort));
      closing.push(sfn);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("event=engine-started stepfunctions=" + sfnEndpoint);

    ApiFunction api =
        new ApiFunction(
            ApiWiring.services(plane, integrations.apiNotifier(), integrations.driftListener()));
    integrations.mount(dispatch, runner);
    dispatch.mount("/local/", control);
    dispatch.otherwise(api).ready();

    DemoTenant demo = DemoTenant.loadOrCreate(plane, options, data, apiUrl, integrations, secrets);
    credentialsFile = demo.credentialsFile();
    control.adminKey(demo.adminKey());
    integrations.startSchedules(List.of(demo.tenant()));
    // A new build may bring a new runner definition: bring the demo tenant's up to date.
    plane.orchestrator().provisionTenant(demo.tenant());
    for (Map.Entry<String, List<String>> cluster : demo.clusters().entrySet()) {
      // ElasticMQ keeps queues in memory: open the known agents' queues again (idempotent).
      plane
          .clusters()
          .listAgents(
              demo.tenant(),
              cluster.getKey(),
              new dev.gennaker.core.store.PageRequest(100, Optional.empty()))
          .items()
          .forEach(a -> plane.agents().open(demo.tenant(), a.agentId()));
      startAgent(plane, demo, cluster.getKey(), cluster.getValue(), data);
    }
  }

  private SimulatedCluster simulated;

  private void startAgent(
      ControlPlane plane, DemoTenant demo, String cluster, List<String> namespaces, Path data) {
    Config kube;
    if (options.kubeconfig().isPresent()) {
      kube = kubeconfig(options.kubeconfig().get());
    } else {
      if (simulated == null) {
        simulated =
            SimulatedCluster.start(
                options.instantRollouts() ? RolloutSettings.instant() : RolloutSettings.demo());
        // As on a real cluster, an image from a registry that cannot exist never pulls: deploy
        // one from registry.invalid to rehearse a failed rollout (and its rollback).
        simulated.failImagePull(".invalid/");
        closing.push(simulated);
        LOG.info("event=simulated-cluster-started");
      }
      kube = simulated.config();
    }
    Path saved = data.resolve("agents").resolve(cluster + ".json");
    if (options.kubeconfig().isEmpty() && Files.exists(saved)) {
      // The simulated cluster starts empty: give the agent back the credential it registered with.
      restoreCredential(simulated, cluster, saved);
    }
    // Used only by an agent that has no credential yet; an unused token expires.
    Optional<String> token =
        Optional.of(plane.registrationTokens().issue(demo.tenant(), cluster, Duration.ofHours(1)));
    AgentConfig config =
        new AgentConfig(
            apiUrl,
            token,
            new java.util.LinkedHashSet<>(namespaces),
            "gennaker-agent",
            cluster + "-agent-credential",
            cluster + "-agent-journal",
            0,
            Duration.ofMillis(200),
            true,
            new AgentSettings(
                "local",
                Duration.ofSeconds(20),
                Duration.ofSeconds(15),
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Duration.ofMillis(200),
                Duration.ofSeconds(10)));
    LocalControl.Supervised agent =
        new LocalControl.Supervised(
            () -> {
              try {
                return AgentMain.start(config, kube);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    control.supervise(cluster, agent);
    closing.push(agent::close);
    agentsStarted.add(cluster);
    if (options.kubeconfig().isEmpty()) {
      saveCredentialOnceRegistered(agent.running(), cluster, saved);
    }
    LOG.info("event=agent-started cluster=" + cluster + " namespaces=" + namespaces);
  }

  private static Config kubeconfig(Path file) {
    try {
      return Config.fromKubeconfig(Files.readString(file));
    } catch (IOException e) {
      throw new UserError("cannot read the kubeconfig " + file + ": " + e.getMessage());
    }
  }

  private static void restoreCredential(SimulatedCluster cluster, String name, Path saved) {
    try {
      JsonNode c = JSON.readTree(saved.toFile());
      new SecretCredentialStore(cluster.client(), "gennaker-agent", name + "-agent-credential")
          .save(
              new CredentialStore.StoredCredential(
                  c.get("agentId").asText(), c.get("credential").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void saveCredentialOnceRegistered(
      AgentMain.Running agent, String cluster, Path saved) {
    Thread t =
        new Thread(
            () -> {
              SecretCredentialStore store =
                  new SecretCredentialStore(
                      agent.client(), "gennaker-agent", cluster + "-agent-credential");
              for (int i = 0; i < 600; i++) {
                Optional<CredentialStore.StoredCredential> c;
                try {
                  c = store.load();
                } catch (RuntimeException e) {
                  return; // shutting down
                }
                if (c.isPresent()) {
                  ObjectNode out = JSON.createObjectNode();
                  out.put("agentId", c.get().agentId());
                  out.put("credential", c.get().credential());
                  LocalSecrets.writePrivate(saved, out);
                  return;
                }
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "agent-credential-" + cluster);
    t.setDaemon(true);
    t.start();
  }

  /** A runner function as the engine invokes it: failures become the error names Catch sees. */
  private static TaskFunction task(Function<JsonNode, JsonNode> fn) {
    return input -> {
      try {
        return fn.apply(input);
      } catch (RuntimeException e) {
        throw new TaskFailure(RunnerFunctions.errorName(e), String.valueOf(e.getMessage()));
      }
    };
  }

  private FileChannel lockChannel;
  private FileLock lock;

  private void lock(Path data) {
    try {
      Files.createDirectories(data);
      Path file = data.resolve("gennaker.lock");
      lockChannel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file).trim();
        lockChannel.close();
        throw new UserError(
            "another gennaker local"
                + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                + " is using "
                + data
                + ": stop it first, or start with another --data-dir");
      }
      lockChannel.truncate(0);
      lockChannel.write(
          java.nio.ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      closing.push(
          () -> {
            lock.release();
            lockChannel.close();
          });
    } catch (IOException e) {
      throw new UserError("cannot use the data directory " + data + ": " + e.getMessage());
    }
  }

  List<String> agents() {
    return agentsStarted;
  }

  @Override
  public void close() {
    while (!closing.isEmpty()) {
      AutoCloseable c = closing.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.fine("while stopping: " + e);
      }
    }
  }

  /** Random local secrets, made once per data directory and kept in it (owner-readable only). */
  record LocalSecrets(String pageTokenKey, String callbackKey) {
    static LocalSecrets load(Path file) {
      try {
        if (Files.exists(file)) {
          JsonNode n = JSON.readTree(file.toFile());
          return new LocalSecrets(n.get("pageTokenKey").asText(), n.get("callbackKey").asText());
        }
        LocalSecrets s = new LocalSecrets(random(), random());
        ObjectNode out = JSON.createObjectNode();
        out.put("pageTokenKey", s.pageTokenKey());
        out.put("callbackKey", s.callbackKey());
        writePrivate(file, out);
        return s;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static String random() {
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      return HexFormat.of().formatHex(b);
    }

    static void writePrivate(Path file, JsonNode content) {
      try {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(content) + "\n");
        try {
          Files.setPosixFilePermissions(
              tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system
        }
        Files.move(
            tmp,
            file,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return "LocalSecrets[<redacted>]";
    }
  }

  /** Where bake stages read files when no GitHub is configured: nowhere (an empty folder). */
  static final SourceFiles NO_SOURCES = (tenant, repository, commit, folder) -> List.of();

  static Notifier none() {
    return Notifier.NONE;
  }
}
