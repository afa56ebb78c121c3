package dev.gennaker.aws.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A minimal Secrets Manager endpoint (JSON 1.1: CreateSecret, PutSecretValue, GetSecretValue,
 * DeleteSecret) so the adapter runs the secret contract through the real SDK client. No Secrets
 * Manager engine is available here; this checks request shapes and error translation only. It
 * records operation names and secret ids, never values.
 */
final class FakeSecretsManager implements AutoCloseable {
  record Call(String operation, String secretId, boolean forceDelete) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();

  FakeSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    String operation = target.substring(target.indexOf('.') + 1);
    JsonNode in;
    try (InputStream body = exchange.getRequestBody()) {
      in = JSON.readTree(body);
    }
    String id = in.has("Name") ? in.get("Name").asText() : in.path("SecretId").asText();
    calls.add(new Call(operation, id, in.path("ForceDeleteWithoutRecovery").asBoolean(false)));
    ObjectNode out =
        JSON.createObjectNode()
            .put("ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:" + id)
            .put("Name", id);
    int status = 200;
    switch (operation) {
      case "CreateSecret" -> {
        if (secrets.putIfAbsent(id, in.get("SecretString").asText()) != null) {
          status = 400;
          out = error("ResourceExistsException");
        } else {
          out.put("VersionId", "v1");
        }
      }
      case "PutSecretValue" -> {
        if (secrets.replace(id, in.get("SecretString").asText()) == null) {
          status = 400;
          out = error("ResourceNotFoundException");
        } else {
          out.put("VersionId", "v2");
        }
      }
      case "GetSecretValue" -> {
        String value = secrets.get(id);
        if (value == null) {
          status = 400;
          out = error("ResourceNotFoundException");
        } else {
          out.put("SecretString", value).put("VersionId", "v1");
        }
      }
      case "DeleteSecret" -> {
        if (secrets.remove(id) == null) {
          status = 400;
          out = error("ResourceNotFoundException");
        } else {
          out.put("DeletionDate", 1_800_000_000);
        }
      }
      default -> {
        status = 400;
        out = error("InvalidRequestException");
      }
    }
    byte[] bytes = JSON.writeValueAsBytes(out);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(bytes);
    }
  }

  private static ObjectNode error(String type) {
    return JSON.createObjectNode().put("__type", type).put("message", type);
  }

  SecretsManagerClient client() {
    return SecretsManagerClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
