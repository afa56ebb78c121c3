package dev.gennaker.local;

import dev.gennaker.local.mode.LocalMode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gennaker local}: the whole product on this machine, on embedded engines. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole product on this machine: DynamoDB Local, ElasticMQ, the Step Functions",
      "engine, the API and webhooks on one port, and an agent per demo cluster on a simulated",
      "Kubernetes cluster (or a real one with --kubeconfig). Ctrl-C stops it."
    })
public final class LocalCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default 8080)")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = ".gennaker/local",
      description = "where tenants, pipelines, executions and the engine's journal live")
  Path dataDir;

  @Option(
      names = "--kubeconfig",
      description = "deploy to this cluster instead of the simulated one")
  Path kubeconfig;

  @Option(
      names = "--instant-rollouts",
      description = "the simulated cluster rolls out at once (tests, benchmarks)")
  boolean instant;

  @Option(
      names = "--github-api",
      description = "GitHub REST API base URL (GitHub Enterprise, tests)")
  URI githubApi;

  @Option(names = "--slack-api", description = "Slack Web API base URL (a stand-in, in tests)")
  URI slackApi;

  @Option(names = "--tenants-dir", description = "where tenants/demo is (default: ./tenants)")
  Path tenantsDir;

  @Override
  public Integer call() throws Exception {
    Logging.configure();
    long started = System.nanoTime();
    LocalMode mode;
    try {
      mode =
          LocalMode.start(
              new LocalMode.Options(
                  port,
                  dataDir,
                  Optional.ofNullable(kubeconfig),
                  instant,
                  Optional.ofNullable(githubApi),
                  Optional.ofNullable(slackApi),
                  Optional.ofNullable(tenantsDir)));
    } catch (LocalMode.UserError e) {
      System.err.println("gennaker local: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("gennaker local: stopping");
                  mode.close();
                  stopped.countDown();
                },
                "gennaker-local-stop"));
    long ms = (System.nanoTime() - started) / 1_000_000;
    String api = mode.apiUrl().toString();
    System.out.println(
        """

        gennaker local is ready in %.1f s
          API, webhooks:   %s  (GitHub: %swebhooks/github/demo, Slack: %swebhooks/slack/interactions)
          data:            %s
          demo tenant:     %s  (API key, webhook and signing secrets)
          clusters:        staging, production on the simulated cluster%s

        Next, with the demo's API key:
          export GENNAKER_API=%s GENNAKER_TOKEN=$(sed -n 's/.*"apiKey" *: *"\\(.*\\)".*/\\1/p' %s)
          curl -s -H "Authorization: Bearer $GENNAKER_TOKEN" $GENNAKER_API/v1/clusters
          curl -s -H "Authorization: Bearer $GENNAKER_TOKEN" $GENNAKER_API/v1/pipelines
        """
            .formatted(
                ms / 1000.0,
                api,
                api,
                api,
                dataDir.toAbsolutePath().normalize(),
                mode.credentialsFile(),
                kubeconfig == null ? "" : " (agents deploy to " + kubeconfig + ")",
                api,
                mode.credentialsFile()));
    stopped.await();
    return 0;
  }

  /** One line per event on the console; the embedded engines' chatter only when it matters. */
  static final class Logging {
    /** Held, because java.util.logging forgets the levels of loggers nobody references. */
    private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

    static void configure() {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tT %4$-7s %3$s %5$s%6$s%n");
      for (String noisy :
          new String[] {
            "com.amazonaws",
            "org.elasticmq",
            "org.apache.pekko",
            "akka",
            "io.fabric8",
            "okhttp3",
            "org.eclipse.jetty",
            "com.almworks",
            "software.amazon"
          }) {
        Logger logger = Logger.getLogger(noisy);
        logger.setLevel(Level.WARNING);
        QUIETED.add(logger);
      }
    }
  }
}
