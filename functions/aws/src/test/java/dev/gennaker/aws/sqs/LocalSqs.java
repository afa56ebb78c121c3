package dev.gennaker.aws.sqs;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ElasticMQ (SQS protocol) in this JVM on a free loopback port, shared by the suites. */
public final class LocalSqs {
  private static LocalSqs shared;

  private final SQSRestServer server;
  private final SqsClient client;

  private LocalSqs() {
    server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
    int port = server.waitUntilStarted().localAddress().getPort();
    client =
        SqsClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  public static synchronized LocalSqs shared() {
    if (shared == null) {
      shared = new LocalSqs();
    }
    return shared;
  }

  public SqsClient client() {
    return client;
  }
}
