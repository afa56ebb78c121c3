package dev.gennaker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./gennaker local} driven only from outside, as a user would: it starts, loads the demo
 * tenant, a signed GitHub push deploys the demo shop to staging, an approval through the API ships
 * it to production, and it all survives a restart.
 */
class LocalModeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A running {@code gennaker local}: its process and what it printed. */
  private record Running(Process process, BlockingQueue<String> lines, List<String> seen) {
    String waitFor(String fragment, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line != null && line.contains(fragment)) {
          return line;
        }
        if (line == null && !process.isAlive() && lines.isEmpty()) {
          break;
        }
      }
      throw new AssertionError(
          "gennaker local never printed \""
              + fragment
              + "\"; it printed:\n"
              + String.join("\n", seen));
    }
  }

  private static Running start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Gennaker.REPO.resolve("gennaker").toString()));
    command.add("local");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(Gennaker.REPO.toFile()).redirectErrorStream(true);
    pb.environment().put("GENNAKER_SKIP_BUILD", "1");
    Process p = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                  seen.add(line);
                }
              } catch (IOException e) {
                // process gone
              }
            });
    reader.setDaemon(true);
    reader.start();
    return new Running(p, lines, seen);
  }

  private static void stop(Running r) throws InterruptedException {
    r.process().destroy(); // SIGTERM, as Ctrl-C
    if (!r.process().waitFor(30, TimeUnit.SECONDS)) {
      r.process().destroyForcibly();
      throw new AssertionError("gennaker local did not stop within 30 s of SIGTERM");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private JsonNode get(String url, String key) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> post(String url, String key, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode await(
      String what, Duration timeout, ThrowingSupplier<JsonNode> read, Predicate<JsonNode> done)
      throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      last = read.get();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(what + " did not happen in " + timeout + "; last seen: " + last);
  }

  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private static String stageStatus(JsonNode execution, String stage) {
    for (JsonNode s : execution.get("stages")) {
      if (s.get("id").asText().equals(stage)) {
        return s.get("status").asText();
      }
    }
    return "";
  }

  /** The commands of the README's demo block, without their comments. */
  private static List<String> readmeDemoCommands() throws IOException {
    String readme = Files.readString(Gennaker.REPO.resolve("README.md"));
    int at = readme.indexOf("deploy the demo shop and approve it:");
    assertThat(at).as("the README's demo block").isPositive();
    int start = readme.indexOf("```sh\n", at) + 6;
    String block = readme.substring(start, readme.indexOf("```", start));
    return block
        .lines()
        .map(l -> l.replaceAll("\\s+#.*$", "").trim())
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /** A command run by bash, with its output in a file. */
  private record Shell(Process process, Path out) {
    boolean waitFor(long amount, TimeUnit unit) throws InterruptedException {
      return process.waitFor(amount, unit);
    }

    int exitValue() {
      return process.exitValue();
    }
  }

  private static Shell shell(String command, String api, String key) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", command)
            .directory(Gennaker.REPO.toFile())
            .redirectErrorStream(true);
    pb.environment().put("GENNAKER_SKIP_BUILD", "1");
    pb.environment().put("GENNAKER_API", api);
    pb.environment().put("GENNAKER_TOKEN", key);
    Path out = Files.createTempFile("gennaker-cli", ".txt");
    pb.redirectOutput(out.toFile());
    return new Shell(pb.start(), out);
  }

  /** Runs a CLI command to its end and returns what it printed; it must succeed. */
  private static String cli(String command, String api, String key) throws Exception {
    Shell s = shell(command, api, key);
    assertThat(s.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
    String out = output(s);
    assertThat(s.exitValue()).as(command + ": " + out).isZero();
    return out;
  }

  private static String output(Shell s) throws IOException {
    return Files.readString(s.out());
  }

  @Test
  void aPushDeploysTheDemo_anApprovalShipsIt_andARestartKeepsEverything(@TempDir Path data)
      throws Exception {
    int port = freePort();
    String[] waitingAcrossRestart = new String[1];
    Running local =
        start("--port", String.valueOf(port), "--data-dir", data.toString(), "--instant-rollouts");
    try {
      String ready = local.waitFor("is ready in", Duration.ofSeconds(90));
      System.out.println("figure: " + ready.trim());

      // The same data directory, a second time: refused clearly.
      Gennaker.Result second =
          Gennaker.run(
              "local", "--port", String.valueOf(freePort()), "--data-dir", data.toString());
      assertThat(second.exitCode()).isEqualTo(2);
      assertThat(second.err()).contains("another gennaker local").contains("is using " + data);
      // The same port, another data directory: refused clearly.
      Gennaker.Result busy =
          Gennaker.run(
              "local",
              "--port",
              String.valueOf(port),
              "--data-dir",
              data.resolve("other").toString());
      assertThat(busy.exitCode()).isEqualTo(2);
      assertThat(busy.err()).contains("port " + port + " is in use");

      JsonNode creds = JSON.readTree(data.resolve("demo-credentials.json").toFile());
      for (String field :
          List.of("apiUrl", "tenantId", "apiKey", "githubWebhookSecret", "slackSigningSecret")) {
        assertThat(creds.path(field).asText()).as(field).isNotEmpty();
      }
      String api = creds.get("apiUrl").asText();
      String key = creds.get("apiKey").asText();
      assertThat(api).isEqualTo("http://127.0.0.1:" + port + "/");
      await(
          "both demo agents healthy",
          Duration.ofSeconds(30),
          () -> get(api + "v1/clusters", key),
          c -> {
            int healthy = 0;
            for (JsonNode cluster : c.get("items")) {
              for (JsonNode agent : cluster.get("agents")) {
                healthy += agent.get("health").asText().equals("HEALTHY") ? 1 : 0;
              }
            }
            return healthy == 2;
          });

      // A push to the demo shop's main branch, in GitHub's payload shape, signed.
      ObjectNode push =
          (ObjectNode)
              JSON.readTree(
                  Gennaker.REPO
                      .resolve("functions/github/src/test/resources/github/push.json")
                      .toFile());
      ObjectNode repo = (ObjectNode) push.get("repository");
      repo.put("full_name", "demo/shop").put("name", "shop");
      ((ObjectNode) repo.get("owner")).put("login", "demo");
      byte[] body = JSON.writeValueAsBytes(push);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              creds.get("githubWebhookSecret").asText().getBytes(StandardCharsets.UTF_8),
              "HmacSHA256"));
      long pushed = System.nanoTime();
      HttpResponse<String> delivered =
          http.send(
              HttpRequest.newBuilder(URI.create(api + "webhooks/github/demo"))
                  .header("Content-Type", "application/json")
                  .header("X-GitHub-Event", "push")
                  .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                  .header(
                      "X-Hub-Signature-256",
                      "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
      String executionId =
          JSON.readTree(delivered.body()).get("executions").get(0).get("executionId").asText();
      String executionUrl = api + "v1/executions/" + executionId;
      await(
          "staging deployed",
          Duration.ofSeconds(30),
          () -> get(executionUrl, key),
          e -> stageStatus(e, "staging").equals("SUCCEEDED"));
      System.out.printf(
          "figure: push to staging stable in %d ms%n", (System.nanoTime() - pushed) / 1_000_000);
      JsonNode waiting =
          await(
              "the approval to wait",
              Duration.ofSeconds(15),
              () -> get(api + "v1/approvals?for=me", key),
              a -> a.get("items").size() == 1);
      String approvalId = waiting.get("items").get(0).get("approvalId").asText();

      long approved = System.nanoTime();
      HttpResponse<String> decided =
          post(
              executionUrl + "/approvals/" + approvalId,
              key,
              "{\"decision\":\"approve\",\"comment\":\"ship it\"}");
      assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
      JsonNode done =
          await(
              "the execution to succeed",
              Duration.ofSeconds(30),
              () -> get(executionUrl, key),
              e -> e.get("status").asText().equals("SUCCEEDED"));
      System.out.printf(
          "figure: approval to production stable in %d ms%n",
          (System.nanoTime() - approved) / 1_000_000);
      assertThat(stageStatus(done, "production")).isEqualTo("SUCCEEDED");
      assertThat(done.get("timeline").toString())
          .contains("approved by " + creds.get("admin").asText());
      HttpResponse<String> manifests =
          http.send(
              HttpRequest.newBuilder(URI.create(executionUrl + "/stages/bake/manifests"))
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(manifests.body()).contains("kind: Deployment").contains("name: shop");
      assertThat(String.join("\n", local.seen())).doesNotContain("\tat ");

      // The README's three commands, as written, with the API and key in the environment.
      List<String> readme = readmeDemoCommands();
      assertThat(readme).hasSize(3);
      Shell watching = shell(readme.get(0), api, key);
      await(
          "the README's run to wait for approval",
          Duration.ofSeconds(30),
          () -> get(api + "v1/approvals?for=me", key),
          a -> a.get("items").size() == 1);
      Shell approving = shell(readme.get(1), api, key);
      assertThat(approving.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(approving.exitValue()).as(output(approving)).isZero();
      assertThat(watching.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String watched = output(watching);
      assertThat(watching.exitValue()).as(watched).isZero();
      assertThat(watched)
          .contains("waiting for approval: ./gennaker approvals approve")
          .contains(" succeeded");
      Shell listing = shell(readme.get(2), api, key);
      assertThat(listing.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(output(listing)).contains("shop/release").contains("succeeded");

      // Login keeps the API and key for the commands after it.
      Path config = data.resolve("cli-config.json");
      Shell login =
          shell(
              "GENNAKER_CONFIG="
                  + config
                  + " ./gennaker login --api "
                  + api
                  + " --token "
                  + key
                  + " && unset GENNAKER_API GENNAKER_TOKEN && GENNAKER_CONFIG="
                  + config
                  + " ./gennaker pipelines list",
              api,
              key);
      assertThat(login.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(output(login))
          .contains("logged in to " + api + " as tenant demo")
          .contains("shop/release");
      assertThat(Files.getPosixFilePermissions(config))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

      // The CLI's other commands: clusters, tenant files, rejecting, canceling.
      assertThat(cli("./gennaker clusters add edge --name Edge", api, key)).contains("registered");
      assertThat(cli("./gennaker clusters token edge -n web", api, key))
          .contains("kind: Secret")
          .contains("namespace: web");
      assertThat(cli("./gennaker clusters list", api, key))
          .contains("staging  (Staging (simulated))")
          .contains("healthy");
      assertThat(cli("./gennaker tenants apply -f tenants/demo/tenant.yaml", api, key))
          .contains("not in the file: cluster edge");
      String rejected = cli("./gennaker run shop/release --source demo/shop@main", api, key).trim();
      await(
          "the approval of " + rejected,
          Duration.ofSeconds(30),
          () -> get(api + "v1/approvals?for=me", key),
          a -> a.toString().contains(rejected));
      assertThat(cli("./gennaker approvals reject " + rejected + " -m 'not today'", api, key))
          .contains("rejected " + rejected);
      JsonNode afterReject =
          await(
              "the rejected execution to fail",
              Duration.ofSeconds(30),
              () -> get(api + "v1/executions/" + rejected, key),
              e -> e.get("status").asText().equals("FAILED"));
      assertThat(afterReject.toString()).contains("rejected by " + creds.get("admin").asText());
      String canceled = cli("./gennaker run shop/release --source demo/shop@main", api, key).trim();
      await(
          "the approval of " + canceled,
          Duration.ofSeconds(30),
          () -> get(api + "v1/approvals?for=me", key),
          a -> a.toString().contains(canceled));
      assertThat(cli("./gennaker executions cancel " + canceled, api, key))
          .contains(canceled + " canceled");
      assertThat(get(api + "v1/approvals?for=me", key).toString()).doesNotContain(canceled);

      // One left waiting for its approval across the restart below.
      waitingAcrossRestart[0] =
          cli("./gennaker run shop/release --source demo/shop@main", api, key).trim();
      await(
          "the approval of " + waitingAcrossRestart[0],
          Duration.ofSeconds(30),
          () -> get(api + "v1/approvals?for=me", key),
          a -> a.toString().contains(waitingAcrossRestart[0]));
    } catch (AssertionError | RuntimeException e) {
      // What the local mode said is the first thing to read when this fails.
      System.out.println("gennaker local printed:\n" + String.join("\n", local.seen()));
      throw e;
    } finally {
      stop(local);
    }

    // Restarted on the same data: the demo tenant, its key and the execution are all there.
    Running again =
        start("--port", String.valueOf(port), "--data-dir", data.toString(), "--instant-rollouts");
    try {
      again.waitFor("is ready in", Duration.ofSeconds(90));
      JsonNode creds = JSON.readTree(data.resolve("demo-credentials.json").toFile());
      JsonNode executions =
          get(creds.get("apiUrl").asText() + "v1/executions", creds.get("apiKey").asText());
      assertThat(executions.get("items"))
          .extracting(e -> e.get("status").asText())
          .as("the waiting, canceled, rejected, README's and push's executions")
          .containsExactly("RUNNING", "CANCELED", "FAILED", "SUCCEEDED", "SUCCEEDED");
      // The execution that waited through the restart goes on when approved.
      String api = creds.get("apiUrl").asText();
      String key = creds.get("apiKey").asText();
      assertThat(cli("./gennaker approvals approve " + waitingAcrossRestart[0], api, key))
          .contains("approved " + waitingAcrossRestart[0]);
      await(
          "the execution approved after the restart to succeed",
          Duration.ofSeconds(60),
          () -> get(api + "v1/executions/" + waitingAcrossRestart[0], key),
          e -> e.get("status").asText().equals("SUCCEEDED"));
    } finally {
      stop(again);
    }
  }

  @Test
  void aSlackClickApproves_andTheExecutionsMessageSaysWho(@TempDir Path data) throws Exception {
    try (dev.gennaker.slack.SlackStandIn slack =
        dev.gennaker.slack.SlackStandIn.start("xoxb-local-demo")) {
      slack.user(
          new dev.gennaker.slack.SlackStandIn.User(
              "U0LEAD", "T0DEMO0001", "lead", "lead@demo.gennaker.dev"));
      int port = freePort();
      Running local =
          start(
              "--port",
              String.valueOf(port),
              "--data-dir",
              data.toString(),
              "--instant-rollouts",
              "--slack-api",
              slack.baseUrl());
      try {
        local.waitFor("is ready in", Duration.ofSeconds(90));
        JsonNode creds = JSON.readTree(data.resolve("demo-credentials.json").toFile());
        String api = creds.get("apiUrl").asText();
        String key = creds.get("apiKey").asText();
        HttpResponse<String> started =
            post(
                api + "v1/executions",
                key,
                "{\"application\":\"shop\",\"pipeline\":\"release\","
                    + "\"source\":{\"repository\":\"demo/shop\",\"commit\":\"main\"}}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String executionId = JSON.readTree(started.body()).get("executionId").asText();
        JsonNode pending =
            await(
                "the approval to wait",
                Duration.ofSeconds(30),
                () -> get(api + "v1/approvals?for=me", key),
                a -> a.get("items").size() == 1);
        String approvalId = pending.get("items").get(0).get("approvalId").asText();
        assertThat(slack.awaitCalls("chat.postMessage", 1, Duration.ofSeconds(15)))
            .as("the execution's message, posted to the demo's channel")
            .anySatisfy(c -> assertThat(c.param("channel")).isEqualTo("#shop-deploys"));

        // The lead clicks Approve: a block_actions payload as Slack sends it, signed.
        ObjectNode click =
            (ObjectNode)
                JSON.readTree(
                    Gennaker.REPO
                        .resolve("functions/slack/src/test/resources/slack/block_actions.json")
                        .toFile());
        ((ObjectNode) click.get("user")).put("id", "U0LEAD").put("username", "lead");
        ((ObjectNode) click.get("team")).put("id", "T0DEMO0001");
        click.put("response_url", slack.responseUrl("lead-click"));
        ObjectNode action = (ObjectNode) click.get("actions").get(0);
        action.put("action_id", "gennaker.approve");
        action.put("value", executionId + " " + approvalId);
        action.put("action_ts", String.format("%d.000100", System.currentTimeMillis() / 1000));
        byte[] body =
            ("payload=" + java.net.URLEncoder.encode(click.toString(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(
            new SecretKeySpec(
                creds.get("slackSigningSecret").asText().getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
        String signature = "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        long clicked = System.nanoTime();
        HttpResponse<String> ack =
            http.send(
                HttpRequest.newBuilder(URI.create(api + "webhooks/slack/interactions"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Slack-Request-Timestamp", ts)
                    .header("X-Slack-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - clicked))
            .as("Slack wants an answer within 3 s")
            .isLessThan(Duration.ofSeconds(3));

        JsonNode done =
            await(
                "the execution to succeed",
                Duration.ofSeconds(30),
                () -> get(api + "v1/executions/" + executionId, key),
                e -> e.get("status").asText().equals("SUCCEEDED"));
        assertThat(done.get("timeline").toString())
            .contains("approved by lead@demo.gennaker.dev via slack");
        await(
            "the approval message to say who approved",
            Duration.ofSeconds(15),
            () ->
                JSON.valueToTree(
                    slack.calls("chat.update").stream()
                        .map(c -> java.net.URLDecoder.decode(c.body(), StandardCharsets.UTF_8))
                        .toList()),
            updates ->
                updates.toString().contains("Approved by")
                    && updates.toString().contains("@U0LEAD"));
      } catch (AssertionError | RuntimeException e) {
        System.out.println("gennaker local printed:\n" + String.join("\n", local.seen()));
        throw e;
      } finally {
        stop(local);
      }
    }
  }

  @Test
  void aKilledAgentRedoesItsCommand_andABrokenImageFailsAndRollsBack(@TempDir Path dir)
      throws Exception {
    // The demo's tenant and repositories, copied so this test can push a broken commit.
    Path tenants = dir.resolve("tenants");
    try (java.util.stream.Stream<Path> files = Files.walk(Gennaker.REPO.resolve("tenants"))) {
      for (Path f : files.toList()) {
        Path to = tenants.resolve(Gennaker.REPO.resolve("tenants").relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Path data = dir.resolve("state");
    int port = freePort();
    // The demo pace: a replica every 2 s, so a rollout lasts long enough to be interrupted.
    Running local =
        start(
            "--port",
            String.valueOf(port),
            "--data-dir",
            data.toString(),
            "--tenants-dir",
            tenants.toString());
    try {
      local.waitFor("is ready in", Duration.ofSeconds(90));
      JsonNode creds = JSON.readTree(data.resolve("demo-credentials.json").toFile());
      String api = creds.get("apiUrl").asText();
      String key = creds.get("apiKey").asText();
      assertThat(post(api + "local/agents/production/kill", "not-the-key", "{}").statusCode())
          .as("local controls need the demo admin's key")
          .isEqualTo(401);
      await(
          "both agents running",
          Duration.ofSeconds(30),
          () -> get(api + "local/agents", key),
          a -> a.toString().split("\"RUNNING\"", -1).length == 3);

      // The agent of production is killed while it rolls the shop out; Kubernetes (here: local
      // mode) starts it again; the control plane delivers the command again; it finishes once.
      String first = cli("./gennaker run shop/release --source demo/shop@main", api, key).trim();
      await(
          "the approval of " + first,
          Duration.ofSeconds(60),
          () -> get(api + "v1/approvals?for=me", key),
          a -> a.toString().contains(first));
      cli("./gennaker approvals approve " + first, api, key);
      await(
          "production's agent to be running the deploy",
          Duration.ofSeconds(30),
          () -> get(api + "local/agents", key),
          a -> !production(a).get("commandsInFlight").isEmpty());
      HttpResponse<String> killed = post(api + "local/agents/production/kill", key, "{}");
      assertThat(killed.statusCode()).as(killed.body()).isEqualTo(200);
      assertThat(JSON.readTree(killed.body()).get("commandsInFlight")).isNotEmpty();
      JsonNode done =
          await(
              "the execution to succeed after the agent's restart",
              Duration.ofSeconds(150),
              () -> get(api + "v1/executions/" + first, key),
              LocalModeIT::finished);
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
      JsonNode agent = production(get(api + "local/agents", key));
      assertThat(agent.get("restarts").asInt()).isEqualTo(1);
      assertThat(agent.get("executions").asLong())
          .as("the restarted agent ran the redelivered deploy")
          .isGreaterThanOrEqualTo(1);

      // A developer pushes an image that cannot be pulled: staging's rollout fails with the
      // reason, and the stage's onFailure: rollback puts the previous version back.
      Path deployment = tenants.resolve("demo/repos/demo/shop/deploy/deployment.yaml");
      Files.writeString(
          deployment,
          Files.readString(deployment)
              .replace("ghcr.io/demo/shop:1.0.0", "registry.invalid/demo/shop:2.0.0"));
      String broken = cli("./gennaker run shop/release --source demo/shop@main", api, key).trim();
      JsonNode failed =
          await(
              "the broken release to fail",
              Duration.ofSeconds(90),
              () -> get(api + "v1/executions/" + broken, key),
              LocalModeIT::finished);
      assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
      assertThat(stageStatus(failed, "staging")).isEqualTo("FAILED");
      assertThat(stageStatus(failed, "production")).isNotEqualTo("SUCCEEDED");
      String text = failed.toString();
      assertThat(text).contains("registry.invalid/demo/shop:2.0.0").containsIgnoringCase("pull");
      assertThat(text).contains("rollback of stage staging succeeded");
      String watched = cli("./gennaker executions get " + broken + " -o json", api, key);
      assertThat(JSON.readTree(watched).get("executionId").asText()).isEqualTo(broken);
      // Scripts get JSON from every command, errors included (the API's problem document).
      assertThat(JSON.readTree(cli("./gennaker pipelines list -o json", api, key)).get("items"))
          .isNotEmpty();
      assertThat(
              JSON.readTree(cli("./gennaker clusters add edge -o json", api, key))
                  .get("clusterId")
                  .asText())
          .isEqualTo("edge");
      Shell missing = shell("./gennaker executions get no-such-execution -o json", api, key);
      assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(missing.exitValue()).isEqualTo(1);
      assertThat(JSON.readTree(output(missing)).get("status").asInt()).isEqualTo(404);
      assertThat(String.join("\n", local.seen())).doesNotContain("\tat ");
    } catch (AssertionError | RuntimeException e) {
      System.out.println("gennaker local printed:\n" + String.join("\n", local.seen()));
      throw e;
    } finally {
      stop(local);
    }
  }

  private static boolean finished(JsonNode execution) {
    return List.of("SUCCEEDED", "FAILED", "CANCELED").contains(execution.get("status").asText());
  }

  private static JsonNode production(JsonNode agents) {
    for (JsonNode a : agents.get("agents")) {
      if (a.get("cluster").asText().equals("production")) {
        return a;
      }
    }
    throw new AssertionError("local mode runs no agent for production: " + agents);
  }
}
