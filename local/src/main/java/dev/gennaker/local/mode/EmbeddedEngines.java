package dev.gennaker.local.mode;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The real engines local mode runs in-process, each on a loopback port so the production adapters
 * talk to them through the AWS SDK unchanged: DynamoDB Local (Amazon's engine, persisted under the
 * data directory) and ElasticMQ (the SQS protocol).
 */
final class EmbeddedEngines implements AutoCloseable {
  private final DynamoDBProxyServer dynamo;
  private final URI dynamoEndpoint;
  private final SQSRestServer sqs;
  private final URI sqsEndpoint;

  private EmbeddedEngines(
      DynamoDBProxyServer dynamo, URI dynamoEndpoint, SQSRestServer sqs, URI sqsEndpoint) {
    this.dynamo = dynamo;
    this.dynamoEndpoint = dynamoEndpoint;
    this.sqs = sqs;
    this.sqsEndpoint = sqsEndpoint;
  }

  static EmbeddedEngines start(Path dataDir) {
    Path tables = dataDir.resolve("dynamodb");
    int dynamoPort = freePort();
    DynamoDBProxyServer dynamo;
    try {
      Files.createDirectories(tables);
      dynamo =
          ServerRunner.createServerFromCommandLineArgs(
              List.of(
                      "-port",
                      Integer.toString(dynamoPort),
                      "-dbPath",
                      tables.toString(),
                      "-sharedDb",
                      "-disableTelemetry")
                  .toArray(String[]::new));
      dynamo.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
    }
    SQSRestServer sqs = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
    int sqsPort = sqs.waitUntilStarted().localAddress().getPort();
    return new EmbeddedEngines(
        dynamo,
        URI.create("http://127.0.0.1:" + dynamoPort),
        sqs,
        URI.create("http://127.0.0.1:" + sqsPort));
  }

  URI dynamoEndpoint() {
    return dynamoEndpoint;
  }

  URI sqsEndpoint() {
    return sqsEndpoint;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    // Not waited for: at JVM shutdown Pekko runs its own shutdown hook, and waiting on it here
    // deadlocks the two.
    sqs.stopAndGetFuture().apply();
    try {
      dynamo.stop();
    } catch (Exception e) {
      // stopping anyway
    }
  }
}
