package dev.gennaker.local.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AslServeCommandTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(int port, String op, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .header("X-Amz-Target", "AWSStepFunctions." + op)
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serve_speaksAwsJsonAndJournalsToTheDataDirectory() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Thread t =
        new Thread(
            () ->
                new CommandLine(new AslCommand())
                    .setOut(new PrintWriter(new StringWriter()))
                    .execute(
                        "serve", "--port", String.valueOf(port), "--data-dir", dir.toString()));
    t.setDaemon(true);
    t.start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try {
        call(port, "ListStateMachines", "{}");
        break;
      } catch (IOException notYet) {
        assertThat(System.nanoTime()).as("server up within 20 s").isLessThan(deadline);
        LockSupport.parkNanos(20_000_000L);
      }
    }
    HttpResponse<String> created =
        call(
            port,
            "CreateStateMachine",
            "{\"name\":\"served\",\"roleArn\":\"arn:aws:iam::123456789012:role/r\","
                + "\"definition\":\"{\\\"StartAt\\\":\\\"A\\\",\\\"States\\\":{\\\"A\\\":{\\\"Type\\\":\\\"Succeed\\\"}}}\"}");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body()).contains("stateMachine:served");
    assertThat(Files.readString(dir.resolve("state-machines.jsonl"))).contains("\"served\"");
    HttpResponse<String> missing =
        call(
            port,
            "DescribeStateMachine",
            "{\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:nope\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"__type\":\"StateMachineDoesNotExist\"");
  }
}
