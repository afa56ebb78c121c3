package dev.gennaker.aws.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local (Amazon's engine) in this JVM, served over HTTP on a free loopback port so the
 * adapters talk to it through the real SDK client and wire protocol. {@link #shared()} is started
 * once per test JVM and shared by every suite; tests keep apart by using fresh tenant ids.
 */
public final class LocalDynamoDb implements AutoCloseable {
  public static final String TABLE = "gennaker";
  private static LocalDynamoDb shared;

  private final DynamoDBProxyServer server;
  private final int port;
  private DynamoDbClient client;

  private LocalDynamoDb(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** The JVM-wide in-memory instance, with the table created. */
  public static synchronized LocalDynamoDb shared() {
    if (shared == null) {
      shared = start(null);
      TableSchema.ensureTable(shared.client(), TABLE);
    }
    return shared;
  }

  /** A new instance; in memory when {@code dataDirectory} is null, else persisted there. */
  public static LocalDynamoDb start(Path dataDirectory) {
    int port = freePort();
    List<String> args =
        new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
    if (dataDirectory == null) {
      args.add("-inMemory");
    } else {
      args.addAll(List.of("-dbPath", dataDirectory.toString(), "-sharedDb"));
    }
    try {
      DynamoDBProxyServer server =
          ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
      server.start();
      return new LocalDynamoDb(server, port);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** One client for the instance, shared by the suites. */
  public synchronized DynamoDbClient client() {
    if (client == null) {
      client = client(new ExecutionInterceptor[0]);
    }
    return client;
  }

  public DynamoDbClient client(ExecutionInterceptor... interceptors) {
    ClientOverrideConfiguration.Builder config = ClientOverrideConfiguration.builder();
    for (ExecutionInterceptor i : interceptors) {
      config.addExecutionInterceptor(i);
    }
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(config.build())
        .build();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    }
  }
}
