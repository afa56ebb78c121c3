package dev.gennaker.aws.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A minimal path-style S3 endpoint (PUT, GET, DELETE of objects) so {@link S3BlobStore} runs the
 * blob contract through the real SDK client and wire protocol. No S3-compatible engine is available
 * here; this fake checks request shapes and error translation, not S3's semantics.
 */
final class FakeS3 implements AutoCloseable {
  record Request(String method, String path, String contentType) {}

  private record StoredObject(byte[] bytes, String contentType) {}

  private final HttpServer server;
  private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Content-Type")));
    try (InputStream in = exchange.getRequestBody();
        OutputStream out = exchange.getResponseBody()) {
      switch (method) {
        case "PUT" -> {
          byte[] body = in.readAllBytes();
          String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
          if (sha != null && sha.startsWith("STREAMING-")) {
            body = unchunk(body);
          }
          objects.put(
              path, new StoredObject(body, exchange.getRequestHeaders().getFirst("Content-Type")));
          exchange.getResponseHeaders().add("ETag", "\"fake\"");
          exchange.sendResponseHeaders(200, -1);
        }
        case "GET" -> {
          StoredObject o = objects.get(path);
          if (o == null) {
            byte[] body =
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                        + "<Message>The specified key does not exist.</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(404, body.length);
            out.write(body);
          } else {
            exchange.getResponseHeaders().add("Content-Type", o.contentType());
            exchange.getResponseHeaders().add("ETag", "\"fake\"");
            exchange.sendResponseHeaders(200, o.bytes().length);
            out.write(o.bytes());
          }
        }
        case "DELETE" -> {
          objects.remove(path);
          exchange.sendResponseHeaders(204, -1);
        }
        default -> exchange.sendResponseHeaders(405, -1);
      }
    }
  }

  /** Decodes aws-chunked: {@code <hex size>;chunk-signature=...\r\n<data>\r\n}, ending at 0. */
  private static byte[] unchunk(byte[] body) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int lineEnd = i;
      while (body[lineEnd] != '\r') {
        lineEnd++;
      }
      String header = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(header.split(";")[0], 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, size);
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .forcePathStyle(true)
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        // Plain bodies: the fake does not speak aws-chunked trailing checksums.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
