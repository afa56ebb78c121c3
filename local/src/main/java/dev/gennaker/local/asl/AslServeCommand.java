package dev.gennaker.local.asl;

import dev.gennaker.statemachines.api.StepFunctionsServer;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code gennaker asl serve}: the Step Functions API on a local port, journalled to a data
 * directory, until the process is stopped.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the Step Functions API (AWS JSON 1.0) from the local engine.")
public final class AslServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8083", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--data-dir",
      defaultValue = ".gennaker/asl",
      description =
          "Where state machines and executions are journalled (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--fsync", description = "Force every journal write to the disk.")
  boolean fsync;

  @Option(
      names = "--sqs-endpoint",
      paramLabel = "URL",
      description = "SQS endpoint for sqs:sendMessage tasks (for example ElasticMQ).")
  URI sqsEndpoint;

  @Override
  public Integer call() throws Exception {
    EngineConfig cfg = EngineConfig.inMemory().withDataDir(dataDir).withFsync(fsync);
    if (sqsEndpoint != null) {
      cfg =
          cfg.withSqs(
              SqsClient.builder()
                  .endpointOverride(sqsEndpoint)
                  .region(Region.US_EAST_1)
                  .credentialsProvider(
                      StaticCredentialsProvider.create(
                          AwsBasicCredentials.create("local", "local")))
                  .httpClient(UrlConnectionHttpClient.create())
                  .build());
    }
    LocalStepFunctions sfn = new LocalStepFunctions(cfg);
    StepFunctionsServer server = StepFunctionsServer.start(sfn, new InetSocketAddress(bind, port));
    spec.commandLine()
        .getOut()
        .println("Step Functions API on " + server.endpoint() + " (data in " + dataDir + ")");
    spec.commandLine().getOut().flush();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  sfn.close();
                }));
    new CountDownLatch(1).await();
    return 0;
  }
}
