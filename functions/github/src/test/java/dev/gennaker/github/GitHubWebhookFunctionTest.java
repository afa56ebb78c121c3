package dev.gennaker.github;

import static dev.gennaker.core.trigger.TriggerFixture.pipeline;
import static dev.gennaker.github.WebhookFixture.ACME_SECRET;
import static dev.gennaker.github.WebhookFixture.ACME_TOKEN;
import static dev.gennaker.github.WebhookFixture.GLOBEX_SECRET;
import static dev.gennaker.github.WebhookFixture.acme;
import static dev.gennaker.github.WebhookFixture.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.store.PipelineVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubWebhookFunctionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String AFTER = "3c1f0e9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  static final String BEFORE = "9f3a1c2b4d5e6f708192a3b4c5d6e7f809112233";

  private WebhookFixture f;

  @BeforeEach
  void setUp() {
    f = new WebhookFixture();
    f.core.applyPipeline(
        f.acme(),
        pipeline(
            "orders",
            "orders-release",
            "    - type: github\n      repository: acme/orders\n      events: [push]\n"
                + "      branches: [main, \"release/*\"]\n      paths: [\"deploy/**\"]\n"));
    f.core.applyPipeline(
        f.acme(),
        pipeline(
            "orders",
            "orders-tagged",
            "    - type: github\n      repository: acme/orders\n      events: [tag]\n"
                + "      tags: [\"v*\"]\n"));
    f.core.applyPipeline(
        f.acme(),
        pipeline(
            "orders",
            "orders-preview",
            "    - type: github\n      repository: acme/orders\n      events: [pull_request]\n"
                + "      branches: [main]\n"));
    f.core.applyPipeline(
        f.acme(),
        pipeline(
            "orders",
            "orders-announce",
            "    - type: github\n      repository: acme/orders\n      events: [release]\n"));
    f.github.on("POST /repos/acme/orders/statuses/" + AFTER, 201, "status-created.json");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static JsonNode json(HttpResponse r) throws Exception {
    return JSON.readTree(r.bodyText());
  }

  private List<Execution> startedExecutions() {
    return f.core.started.stream()
        .map(s -> f.core.executions.get(f.acme(), s.substring("acme/".length())).orElseThrow())
        .toList();
  }

  private static <T> T poll(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      T v = probe.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  // --- authentication and bad input -------------------------------------------------------------

  @Test
  void ping_isAnswered_whenSigned() throws Exception {
    HttpResponse r = f.function.handle(acme("ping", "ping.json"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).path("event").asText()).isEqualTo("ping");
  }

  @Test
  void unsignedWronglySignedAndUnknownTenant_allGetTheSame401_andStartNothing() {
    byte[] body = GitHubStandIn.fixture("push.json").getBytes(StandardCharsets.UTF_8);
    HttpRequest good = delivery("acme", "push", "d-1", body, ACME_SECRET);
    Map<String, String> unsignedHeaders = new HashMap<>(good.headers());
    unsignedHeaders.remove("X-Hub-Signature-256");
    HttpRequest unsigned =
        new HttpRequest("POST", good.path(), Map.of(), unsignedHeaders, body, "1.2.3.4");
    HttpRequest wrong = delivery("acme", "push", "d-2", body, "not the secret");
    HttpRequest otherTenantsSecret = delivery("acme", "push", "d-3", body, GLOBEX_SECRET);
    HttpRequest unknownTenant = delivery("initech", "push", "d-4", body, ACME_SECRET);
    HttpRequest malformedTenant = delivery("NOT_A_TENANT", "push", "d-5", body, ACME_SECRET);
    byte[] tampered = GitHubStandIn.fixture("push.json").replace("main", "prod").getBytes();
    HttpRequest tamperedBody =
        new HttpRequest("POST", good.path(), Map.of(), good.headers(), tampered, good.sourceIp());

    List<HttpResponse> answers =
        List.of(unsigned, wrong, otherTenantsSecret, unknownTenant, malformedTenant, tamperedBody)
            .stream()
            .map(f.function::handle)
            .toList();
    for (HttpResponse r : answers) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.headers()).containsEntry("Content-Type", "application/problem+json");
      assertThat(r.bodyText().replaceAll("\"instance\":\"[^\"]*\"", ""))
          .isEqualTo(answers.get(0).bodyText().replaceAll("\"instance\":\"[^\"]*\"", ""));
    }
    assertThat(f.core.started).isEmpty();
    assertThat(f.github.received).isEmpty();
    assertThat(f.deliveries.find(f.acme(), "github", "d-2")).isEmpty();
  }

  @Test
  void oversizedDelivery_is413_beforeAnythingElse() throws Exception {
    byte[] body = new byte[GitHubWebhookFunction.MAX_BODY_BYTES + 1];
    HttpResponse r = f.function.handle(delivery("acme", "push", "d-big", body, ACME_SECRET));
    assertThat(r.status()).isEqualTo(413);
    assertThat(json(r).path("detail").asText())
        .contains("limit is " + GitHubWebhookFunction.MAX_BODY_BYTES);
    assertThat(f.core.started).isEmpty();
  }

  @Test
  void signedButMalformedDeliveries_get400WithTheReason() throws Exception {
    byte[] notJson = "payload=%7B%7D".getBytes();
    HttpResponse r = f.function.handle(delivery("acme", "push", "d-x", notJson, ACME_SECRET));
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).isEqualTo("the body is not valid JSON");

    byte[] noRef = "{\"after\":\"abc\",\"repository\":{\"full_name\":\"acme/orders\"}}".getBytes();
    r = f.function.handle(delivery("acme", "push", "d-y", noRef, ACME_SECRET));
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).path("detail").asText())
        .isEqualTo("malformed push payload: the payload has no ref");

    byte[] body = GitHubStandIn.fixture("push.json").getBytes();
    r = f.function.handle(delivery("acme", "push", "bad#id", body, ACME_SECRET));
    assertThat(r.status()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).contains("X-GitHub-Delivery");

    HttpRequest good = delivery("acme", "push", "d-z", body, ACME_SECRET);
    Map<String, String> form = new HashMap<>(good.headers());
    form.put("Content-Type", "application/x-www-form-urlencoded");
    r = f.function.handle(new HttpRequest("POST", good.path(), Map.of(), form, body, "1.2.3.4"));
    assertThat(r.status()).isEqualTo(415);
    assertThat(json(r).path("detail").asText()).contains("application/json");
    assertThat(f.core.started).isEmpty();
  }

  // --- pushes
  // -------------------------------------------------------------------------------------

  @Test
  void pushToMain_touchingDeploy_startsTheMatchingPipeline_withTheTriggerContext()
      throws Exception {
    HttpResponse r = f.function.handle(acme("push", "push.json"));

    assertThat(r.status()).isEqualTo(202);
    JsonNode body = json(r);
    assertThat(body.path("executions")).hasSize(1);
    assertThat(body.path("executions").get(0).path("pipeline").asText())
        .isEqualTo("orders-release");
    List<Execution> started = startedExecutions();
    assertThat(started).hasSize(1);
    Execution e = started.get(0);
    assertThat(e.executionId()).matches("gh-[0-9a-f]{32}");
    assertThat(e.trigger().type()).isEqualTo("github-push");
    assertThat(e.trigger().actor()).isEqualTo("octocat");
    assertThat(e.trigger().details())
        .containsEntry("repository", "acme/orders")
        .containsEntry("branch", "main")
        .containsEntry("commit", AFTER)
        .containsEntry("message", "Raise replicas to 3")
        .containsEntry("author", "octocat")
        .containsEntry("authorEmail", "mona@acme.example")
        .containsEntry("pusher", "octocat")
        .containsEntry(
            "changedPaths", "README.md\nsrc/main/java/Orders.java\ndeploy/k8s/deployment.yaml")
        .doesNotContainKey("tag");
    // no pipeline file changed: GitHub's contents API was not asked
    assertThat(f.github.requests("GET", "/repos/acme/orders/contents")).isEmpty();
    var status =
        poll(
            "pending status",
            () ->
                f.github.requests("POST", "/repos/acme/orders/statuses/").stream()
                    .findFirst()
                    .orElse(null));
    JsonNode sent = JSON.readTree(status.body());
    assertThat(sent.path("state").asText()).isEqualTo("pending");
    assertThat(sent.path("context").asText()).isEqualTo("gennaker/orders-release");
    assertThat(sent.path("target_url").asText())
        .isEqualTo("https://app.gennaker.dev/t/acme/executions/" + e.executionId());
    assertThat(status.authorization()).isEqualTo("Bearer " + ACME_TOKEN);
  }

  @Test
  void redelivery_startsNothing_andAnswersTheExecutionsOfTheFirstDelivery() throws Exception {
    byte[] body = GitHubStandIn.fixture("push.json").getBytes(StandardCharsets.UTF_8);
    HttpResponse first =
        f.function.handle(
            delivery("acme", "push", "72d3162e-cc78-11e3-81ab-4c9367dc0958", body, ACME_SECRET));
    HttpResponse again =
        f.function.handle(
            delivery("acme", "push", "72d3162e-cc78-11e3-81ab-4c9367dc0958", body, ACME_SECRET));

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(200);
    JsonNode dup = json(again);
    assertThat(dup.path("duplicate").asBoolean()).isTrue();
    assertThat(dup.path("executions").get(0).path("executionId").asText())
        .isEqualTo(json(first).path("executions").get(0).path("executionId").asText());
    assertThat(f.core.started).hasSize(1);
  }

  @Test
  void deliveryProcessedTwice_withoutItsRecord_stillStartsEachPipelineOnce() throws Exception {
    byte[] body = GitHubStandIn.fixture("push.json").getBytes(StandardCharsets.UTF_8);
    f.function.handle(delivery("acme", "push", "d-crash", body, ACME_SECRET));
    // as if the process died after starting but before the delivery was recorded
    f.deliveries.record(f.acme(), "github", "d-crash", List.of(), Duration.ZERO);
    HttpResponse r = f.function.handle(delivery("acme", "push", "d-crash", body, ACME_SECRET));
    assertThat(r.status()).isEqualTo(202);
    assertThat(f.core.started).hasSize(1);
  }

  @Test
  void pushNotTouchingFilteredPaths_startsNothing() throws Exception {
    HttpResponse r = f.function.handle(acme("push", "push-readme-only.json"));
    assertThat(r.status()).isEqualTo(202);
    assertThat(json(r).path("executions")).isEmpty();
    assertThat(f.core.started).isEmpty();
  }

  @Test
  void deletedBranch_startsNothing_andCallsNoApi() throws Exception {
    HttpResponse r = f.function.handle(acme("push", "push-deleted.json"));
    assertThat(r.status()).isEqualTo(202);
    assertThat(json(r).path("ignored").asText()).isEqualTo("refs/heads/feature/old was deleted");
    assertThat(f.core.started).isEmpty();
    assertThat(f.github.received).isEmpty();
  }

  @Test
  void tagPush_startsTagTriggers_only() throws Exception {
    HttpResponse r = f.function.handle(acme("push", "push-tag.json"));
    assertThat(r.status()).isEqualTo(202);
    List<Execution> started = startedExecutions();
    assertThat(started).extracting(Execution::pipeline).containsExactly("orders-tagged");
    assertThat(started.get(0).trigger().type()).isEqualTo("github-tag");
    assertThat(started.get(0).trigger().details())
        .containsEntry("tag", "v1.4.0")
        .containsEntry("commit", AFTER)
        .doesNotContainKey("branch");
  }

  @Test
  void newBranchWithoutCommitList_readsChangedPathsFromTheCompareApi() throws Exception {
    f.github.on(
        "GET /repos/acme/orders/compare/main..." + AFTER + "?per_page=100&page=1",
        200,
        "compare.json");
    HttpResponse r = f.function.handle(acme("push", "push-new-branch.json"));
    assertThat(r.status()).isEqualTo(202);
    List<Execution> started = startedExecutions();
    assertThat(started).extracting(Execution::pipeline).containsExactly("orders-release");
    assertThat(started.get(0).trigger().details())
        .containsEntry("branch", "release/1.4")
        .containsEntry(
            "changedPaths",
            "deploy/k8s/deployment.yaml\ndeploy/k8s/service.yaml\ndeploy/k8s/svc.yaml");
    assertThat(f.github.requests("GET", "/repos/acme/orders/compare/")).hasSize(1);
  }

  @Test
  void compareApiDown_pathFiltersMatch_andTheAnswerSaysSo() throws Exception {
    f.github.on(
        "GET /repos/acme/orders/compare/main..." + AFTER + "?per_page=100&page=1",
        502,
        "error-server.json");
    // the pipeline folder listing is unreachable too: the change list is unknown
    f.github.on(
        "GET /repos/acme/orders/contents/.gennaker?ref=" + AFTER, 404, "error-not-found.json");
    HttpResponse r = f.function.handle(acme("push", "push-new-branch.json"));
    assertThat(r.status()).isEqualTo(202);
    assertThat(json(r).path("warning").asText()).contains("compare API");
    assertThat(startedExecutions())
        .extracting(Execution::pipeline)
        .containsExactly("orders-release");
  }

  // --- pipelines as code ------------------------------------------------------------------------

  @Test
  void pushToDefaultBranch_appliesTheChangedPipelineFile_atThatCommit_thenMatchesIt()
      throws Exception {
    f.github
        .on("GET /repos/acme/orders/contents/.gennaker?ref=" + AFTER, 200, "contents-gennaker.json")
        .on(
            "GET /repos/acme/orders/contents/.gennaker/pipeline.yml?ref=" + AFTER,
            200,
            "contents-pipeline-valid.json");
    HttpResponse r = f.function.handle(acme("push", "push-pipeline-file.json"));

    assertThat(r.status()).isEqualTo(202);
    JsonNode body = json(r);
    assertThat(body.path("pipelineFiles").get(0).path("result").asText()).isEqualTo("applied");
    PipelineVersion v = f.core.pipelines.latest(f.acme(), "orders", "orders-release").orElseThrow();
    assertThat(v.version()).isEqualTo(2);
    assertThat(v.author()).isEqualTo("octocat");
    assertThat(v.sourceCommit()).isEqualTo(AFTER);
    // the new version's paths include .gennaker/**, so the same push starts it
    List<Execution> started = startedExecutions();
    assertThat(started).hasSize(1);
    assertThat(started.get(0).pipelineVersion()).isEqualTo(2);
    // README.md in the folder and the templates/ folder are not pipeline files
    assertThat(f.github.requests("GET", "/repos/acme/orders/contents/.gennaker/README.md"))
        .isEmpty();
    assertThat(f.github.requests("GET", "/repos/acme/orders/contents/").get(0).authorization())
        .isEqualTo("Bearer " + ACME_TOKEN);
    var validate =
        poll(
            "validate status",
            () ->
                f.github.requests("POST", "/repos/acme/orders/statuses/").stream()
                    .filter(q -> q.body().contains("gennaker/validate"))
                    .findFirst()
                    .orElse(null));
    JsonNode sent = JSON.readTree(validate.body());
    assertThat(sent.path("state").asText()).isEqualTo("success");
    assertThat(sent.path("context").asText())
        .isEqualTo("gennaker/validate (.gennaker/pipeline.yml)");
    assertThat(sent.path("description").asText()).isEqualTo("Valid; applied as version 2");
  }

  @Test
  void invalidPipelineFile_isNotApplied_andIsReportedWithItsFirstError() throws Exception {
    f.github
        .on("GET /repos/acme/orders/contents/.gennaker?ref=" + AFTER, 200, "contents-gennaker.json")
        .on(
            "GET /repos/acme/orders/contents/.gennaker/pipeline.yml?ref=" + AFTER,
            200,
            "contents-pipeline-invalid.json");
    HttpResponse r = f.function.handle(acme("push", "push-pipeline-file.json"));

    assertThat(r.status()).isEqualTo(202);
    JsonNode file = json(r).path("pipelineFiles").get(0);
    assertThat(file.path("result").asText()).isEqualTo("invalid");
    assertThat(file.path("errors").get(0).asText())
        .startsWith(".gennaker/pipeline.yml:10:")
        .contains("bake");
    assertThat(
            f.core.pipelines.latest(f.acme(), "orders", "orders-release").orElseThrow().version())
        .isEqualTo(1);
    var validate =
        poll(
            "validate status",
            () ->
                f.github.requests("POST", "/repos/acme/orders/statuses/").stream()
                    .filter(q -> q.body().contains("gennaker/validate"))
                    .findFirst()
                    .orElse(null));
    JsonNode sent = JSON.readTree(validate.body());
    assertThat(sent.path("state").asText()).isEqualTo("failure");
    assertThat(sent.path("description").asText()).startsWith("10:").contains("bake");
    assertThat(sent.path("target_url").asText())
        .isEqualTo("https://app.gennaker.dev/t/acme/pipelines");
  }

  @Test
  void pipelineFileOnAFeatureBranch_isValidatedButNotApplied() throws Exception {
    f.github
        .on("GET /repos/acme/orders/contents/.gennaker?ref=" + AFTER, 200, "contents-gennaker.json")
        .on(
            "GET /repos/acme/orders/contents/.gennaker/pipeline.yml?ref=" + AFTER,
            200,
            "contents-pipeline-valid.json");
    HttpResponse r = f.function.handle(acme("push", "push-feature-pipeline-file.json"));
    assertThat(json(r).path("pipelineFiles").get(0).path("result").asText()).isEqualTo("valid");
    assertThat(
            f.core.pipelines.latest(f.acme(), "orders", "orders-release").orElseThrow().version())
        .isEqualTo(1);
  }

  @Test
  void gitHubUnreachable_forPipelineFiles_startsNothing_andCanBeRedelivered() throws Exception {
    f.github.on("GET /repos/acme/orders/contents/.gennaker?ref=" + AFTER, 503, "error-server.json");
    byte[] body = GitHubStandIn.fixture("push-pipeline-file.json").getBytes();
    HttpResponse r = f.function.handle(delivery("acme", "push", "d-503", body, ACME_SECRET));
    assertThat(r.status()).isEqualTo(503);
    assertThat(json(r).path("detail").asText()).contains("redeliver").doesNotContain(ACME_TOKEN);
    assertThat(f.core.started).isEmpty();
    assertThat(f.deliveries.find(f.acme(), "github", "d-503")).isEmpty();
  }

  // --- pull requests and releases
  // -------------------------------------------------------------------

  @Test
  void pullRequestOpened_startsPullRequestTriggers_withItsNumber_andValidatesOnly()
      throws Exception {
    f.github.on(
        "GET /repos/acme/orders/compare/" + BEFORE + "..." + AFTER + "?per_page=100&page=1",
        200,
        "compare.json");
    HttpResponse r = f.function.handle(acme("pull_request", "pull_request-opened.json"));
    assertThat(r.status()).isEqualTo(202);
    List<Execution> started = startedExecutions();
    assertThat(started).extracting(Execution::pipeline).containsExactly("orders-preview");
    assertThat(started.get(0).trigger().type()).isEqualTo("github-pull-request");
    assertThat(started.get(0).trigger().details())
        .containsEntry("pullRequest", "42")
        .containsEntry("branch", "feature/canary")
        .containsEntry("baseBranch", "main")
        .containsEntry("commit", AFTER);
  }

  @Test
  void pullRequestSynchronize_startsAgain_butClosedDoesNot() throws Exception {
    f.github.on(
        "GET /repos/acme/orders/compare/" + BEFORE + "..." + AFTER + "?per_page=100&page=1",
        200,
        "compare.json");
    f.function.handle(acme("pull_request", "pull_request-synchronize.json"));
    assertThat(f.core.started).hasSize(1);
    HttpResponse closed = f.function.handle(acme("pull_request", "pull_request-closed.json"));
    assertThat(json(closed).path("ignored").asText()).contains("closed");
    assertThat(f.core.started).hasSize(1);
  }

  @Test
  void pullRequestFromAFork_startsNothing() throws Exception {
    f.github.on(
        "GET /repos/acme/orders/compare/" + BEFORE + "..." + AFTER + "?per_page=100&page=1",
        200,
        "compare.json");
    HttpResponse r = f.function.handle(acme("pull_request", "pull_request-opened-fork.json"));
    assertThat(r.status()).isEqualTo(202);
    assertThat(json(r).path("skipped").get(0).path("reason").asText()).contains("forks");
    assertThat(f.core.started).isEmpty();
  }

  @Test
  void releasePublished_startsReleaseTriggers() throws Exception {
    HttpResponse r = f.function.handle(acme("release", "release-published.json"));
    assertThat(r.status()).isEqualTo(202);
    List<Execution> started = startedExecutions();
    assertThat(started).extracting(Execution::pipeline).containsExactly("orders-announce");
    assertThat(started.get(0).trigger().type()).isEqualTo("github-release");
    assertThat(started.get(0).trigger().details()).containsEntry("tag", "v1.4.0");
  }

  @Test
  void otherEvents_areAcceptedAndIgnored() throws Exception {
    HttpResponse r = f.function.handle(acme("issues", "ping.json"));
    assertThat(r.status()).isEqualTo(202);
    assertThat(json(r).path("ignored").asText()).isEqualTo("event \"issues\" starts no pipelines");
  }

  @Test
  void tenantsAreIsolated_aDeliveryToGlobexStartsOnlyGlobexPipelines() throws Exception {
    byte[] body = GitHubStandIn.fixture("push.json").getBytes(StandardCharsets.UTF_8);
    HttpResponse r = f.function.handle(delivery("globex", "push", "d-g", body, GLOBEX_SECRET));
    assertThat(r.status()).isEqualTo(202);
    assertThat(f.core.started).isEmpty(); // globex has no pipelines; acme's are not its own
  }
}
