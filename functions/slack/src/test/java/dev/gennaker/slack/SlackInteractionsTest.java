package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.APPROVAL;
import static dev.gennaker.slack.SlackFixture.SIGNING_SECRET;
import static dev.gennaker.slack.SlackFixture.TASK_TOKEN;
import static dev.gennaker.slack.SlackFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack interactions, signed as Slack signs them, against the stand-in and the real policy. */
class SlackInteractionsTest {
  private final SlackFixture f = new SlackFixture();
  private final SlackStandIn slack = f.slack;
  private String approvalTs;

  @BeforeEach
  void waitingForApproval() {
    f.awaitingApproval("ex-1");
    approvalTs = f.messages.get(TENANT, "ex-1", "approval." + APPROVAL).orElseThrow().ts();
    slack.clear();
    f.clock.advance(Duration.ofMinutes(2));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private Approval approval() {
    return f.approvals.get(TENANT, "ex-1", APPROVAL).orElseThrow();
  }

  private List<String> ephemerals() {
    return slack.calls("response_url").stream()
        .peek(c -> assertThat(c.param("response_type")).isEqualTo("ephemeral"))
        .peek(c -> assertThat(c.param("replace_original")).isEqualTo("false"))
        .map(c -> c.param("text"))
        .toList();
  }

  private List<SlackStandIn.Call> approvalUpdates() {
    return slack.calls("chat.update").stream()
        .filter(c -> approvalTs.equals(c.param("ts")))
        .toList();
  }

  @Test
  void approve_decides_resumesTheExecution_andUpdatesTheMessageForEveryone() {
    HttpResponse r = f.send(f.click("U0ANA", SlackBlocks.APPROVE, "ex-1", "1795356120.000100"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText()).isEmpty();
    assertThat(approval().status()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approval().decision().orElseThrow().decidedBy()).isEqualTo("ana@acme.example");
    assertThat(f.released).containsExactly("sendTaskSuccess " + TASK_TOKEN);
    assertThat(ephemerals()).isEmpty();
    assertThat(approvalUpdates()).hasSize(1);
    String blocks = approvalUpdates().get(0).json("blocks").toString();
    assertThat(blocks).contains("Approved by <@U0ANA> at <!date^").doesNotContain("\"actions\"");
    assertThat(
            f.executions
                .listEvents(TENANT, "ex-1", dev.gennaker.core.store.PageRequest.first(50))
                .items())
        .anyMatch(e -> e.message().equals("approved by ana@acme.example via slack"));
    var audit = f.audit.list(TENANT, dev.gennaker.core.store.PageRequest.first(10)).items();
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).actor()).isEqualTo("ana@acme.example");
    assertThat(audit.get(0).action()).isEqualTo("approval.approved");
    assertThat(audit.get(0).objectId()).isEqualTo("ex-1/prod-approval-1");
    assertThat(audit.get(0).details())
        .containsEntry("via", "slack")
        .containsEntry("slackUser", "U0ANA");
  }

  @Test
  void reject_opensAModal_andTheSubmittedReasonDecides() throws Exception {
    f.send(f.click("U0ANA", SlackBlocks.REJECT, "ex-1", "1795356120.000200"));

    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
    var open = slack.calls("views.open");
    assertThat(open).hasSize(1);
    assertThat(open.get(0).param("trigger_id"))
        .isEqualTo("10265374151234.10262941241234.3f1c0b7d9a6e4c2b8e5d7a9c1b3e5f70");
    var view = open.get(0).json("view");
    assertThat(view.path("callback_id").asText()).isEqualTo(SlackBlocks.REJECT_VIEW);
    String metadata = view.path("private_metadata").asText();
    assertThat(metadata).contains("\"approvalId\":\"prod-approval-1\"").doesNotContain(TASK_TOKEN);
    assertThat(new ObjectMapper().readTree(metadata).path("executionId").asText())
        .isEqualTo("ex-1");

    HttpResponse blank = f.send(f.submitReject("U0ANA", metadata, "  ", "V0REJECT01"));
    assertThat(blank.status()).isEqualTo(200);
    assertThat(blank.bodyText())
        .isEqualTo(
            "{\"response_action\":\"errors\",\"errors\":{\"reason\":\"Say why you reject: it is kept with the decision.\"}}");
    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);

    HttpResponse submitted =
        f.send(f.submitReject("U0ANA", metadata, "Error rate doubled on the canary", "V0REJECT01"));

    assertThat(submitted.status()).isEqualTo(200);
    assertThat(submitted.bodyText()).isEmpty();
    assertThat(approval().status()).isEqualTo(ApprovalStatus.REJECTED);
    assertThat(approval().decision().orElseThrow().comment())
        .isEqualTo("Error rate doubled on the canary");
    assertThat(f.executions.getStage(TENANT, "ex-1", SlackFixture.STAGE).orElseThrow().error())
        .contains("rejected by ana@acme.example: Error rate doubled on the canary");
    assertThat(approvalUpdates()).hasSize(1);
    assertThat(approvalUpdates().get(0).json("blocks").toString())
        .contains("Rejected by <@U0ANA> at <!date^")
        .contains("Error rate doubled on the canary");
  }

  @Test
  void wrongSignature_isRefused_beforeAnythingHappens() {
    var request =
        SlackFixture.signed(
            f.click("U0ANA", SlackBlocks.APPROVE, "ex-1", "1795356120.000300"),
            "not-the-signing-secret-of-acme",
            f.clock.instant(),
            Map.of());

    HttpResponse r = f.function.handle(request);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.bodyText())
        .contains("the request is not signed with this workspace's signing secret");
    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(slack.calls()).isEmpty();
  }

  @Test
  void unsignedRequest_isRefused() {
    var signed =
        SlackFixture.signed(
            f.click("U0ANA", SlackBlocks.APPROVE, "ex-1", "1.1"),
            SIGNING_SECRET,
            f.clock.instant(),
            Map.of());
    var headers = new java.util.HashMap<>(signed.headers());
    headers.remove("X-Slack-Signature");
    var unsigned =
        new dev.gennaker.api.http.HttpRequest(
            "POST", signed.path(), Map.of(), headers, signed.body(), signed.sourceIp());

    HttpResponse r = f.function.handle(unsigned);

    assertThat(r.status()).isEqualTo(401);
    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void staleTimestamp_isRefusedAsAReplay() {
    var request =
        SlackFixture.signed(
            f.click("U0ANA", SlackBlocks.APPROVE, "ex-1", "1795356120.000400"),
            SIGNING_SECRET,
            f.clock.instant().minus(Duration.ofMinutes(5)).minusSeconds(1),
            Map.of());

    HttpResponse r = f.function.handle(request);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.bodyText()).contains("more than 5 minutes from now: refused as a possible replay");
    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(slack.calls()).isEmpty();
  }

  @Test
  void replayedRequest_andSlackRetries_areAcknowledged_andActOnce() {
    var click = f.click("U0BO", SlackBlocks.APPROVE, "ex-1", "1795356120.000500");
    var request = SlackFixture.signed(click, SIGNING_SECRET, f.clock.instant(), Map.of());

    HttpResponse first = f.function.handle(request);
    f.clock.advance(Duration.ofSeconds(3));
    HttpResponse replay = f.function.handle(request);
    HttpResponse retry =
        f.function.handle(
            SlackFixture.signed(
                click,
                SIGNING_SECRET,
                f.clock.instant(),
                Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")));

    assertThat(List.of(first.status(), replay.status(), retry.status())).containsOnly(200);
    assertThat(approval().decision().orElseThrow().decidedBy()).isEqualTo("bo@acme.example");
    assertThat(f.released).hasSize(1);
    assertThat(approvalUpdates()).hasSize(1);
    assertThat(ephemerals()).isEmpty();
  }

  @Test
  void unknownSlackUser_isToldWhy() {
    f.send(f.click("U0EVE", SlackBlocks.APPROVE, "ex-1", "1795356120.000600"));
    f.send(f.click("U0GHOST", SlackBlocks.APPROVE, "ex-1", "1795356120.000601"));

    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(ephemerals())
        .containsExactly(
            "Your decision was refused: your Slack account (<@U0EVE>) is not linked to a member of"
                + " this Gennaker tenant. Ask an admin to add the e-mail of your Slack profile as a"
                + " member, or to map your Slack user to your member id.",
            "Your decision was refused: your Slack account (<@U0GHOST>) is not linked to a member of"
                + " this Gennaker tenant. Ask an admin to add the e-mail of your Slack profile as a"
                + " member, or to map your Slack user to your member id.");
  }

  @Test
  void explicitMapping_linksASlackUserWhoseEmailDiffers() {
    f.connections.mapUser(TENANT, "U0EVE", "bo@acme.example");

    f.send(f.click("U0EVE", SlackBlocks.APPROVE, "ex-1", "1795356120.000650"));

    assertThat(approval().decision().orElseThrow().decidedBy()).isEqualTo("bo@acme.example");
  }

  @Test
  void selfApproval_isRefused_withTheReason() {
    f.send(f.click("U0DEV", SlackBlocks.APPROVE, "ex-1", "1795356120.000700"));
    f.send(f.click("U0DEV", SlackBlocks.REJECT, "ex-1", "1795356120.000701"));

    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(slack.calls("views.open")).isEmpty();
    assertThat(f.audit.list(TENANT, dev.gennaker.core.store.PageRequest.first(10)).items())
        .extracting(e -> e.action())
        .containsExactly("approval.refused");
    assertThat(ephemerals())
        .containsExactly(
            "Your decision was refused: you triggered this execution, and the pipeline does not"
                + " allow self-approval; someone else must decide.",
            "Your decision was refused: you triggered this execution, and the pipeline does not"
                + " allow self-approval; someone else must decide.");
  }

  @Test
  void roleNotAllowed_isRefused_withTheAllowedRoles() {
    f.send(f.click("U0VI", SlackBlocks.APPROVE, "ex-1", "1795356120.000750"));

    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(ephemerals())
        .containsExactly(
            "Your decision was refused: your role may not decide this approval; allowed: deployer,"
                + " editor, admin.");
  }

  @Test
  void twoApproversAtOnce_exactlyOneWins_andTheOtherIsToldWhoDid() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse>> answers = new ArrayList<>();
      for (String user : List.of("U0ANA", "U0BO")) {
        String click = f.click(user, SlackBlocks.APPROVE, "ex-1", "1795356120.000800");
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return f.send(click);
                }));
      }
      go.countDown();
      for (Future<HttpResponse> a : answers) {
        assertThat(a.get().status()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }

    String winner = approval().decision().orElseThrow().decidedBy();
    assertThat(winner).isIn("ana@acme.example", "bo@acme.example");
    assertThat(f.released).hasSize(1);
    assertThat(ephemerals())
        .singleElement()
        .asString()
        .startsWith("Your decision was refused: already approved by " + winner + " at ");
    assertThat(approvalUpdates()).hasSize(1);
  }

  @Test
  void decisionAfterTheTimeout_isRefused() {
    f.clock.advance(Duration.ofHours(4));

    f.send(f.click("U0ANA", SlackBlocks.APPROVE, "ex-1", "1795370520.000900"));

    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(f.released).isEmpty();
    assertThat(ephemerals())
        .containsExactly(
            "Your decision was refused: this approval expired at 2026-11-22T18:00:00Z.");
  }

  @Test
  void decisionOfAnExpiredApproval_isRefused_sayingWhoClosedIt() {
    f.approvals.decide(
        TENANT,
        "ex-1",
        APPROVAL,
        new dev.gennaker.core.approval.Decision(
            ApprovalStatus.EXPIRED, "gennaker", f.clock.instant(), "the execution was canceled"));

    f.send(f.click("U0ANA", SlackBlocks.APPROVE, "ex-1", "1795356120.000950"));

    assertThat(ephemerals())
        .singleElement()
        .asString()
        .startsWith("Your decision was refused: already expired by gennaker at ");
  }

  @Test
  void workRunsAfterTheAnswer() {
    List<Runnable> queued = new ArrayList<>();
    try (SlackFixture later = new SlackFixture(queued::add)) {
      later.awaitingApproval("ex-2");

      HttpResponse r =
          later.send(later.click("U0ANA", SlackBlocks.APPROVE, "ex-2", "1795356120.001000"));

      assertThat(r.status()).isEqualTo(200);
      assertThat(later.approvals.get(TENANT, "ex-2", APPROVAL).orElseThrow().status())
          .isEqualTo(ApprovalStatus.PENDING);
      assertThat(queued).hasSize(1);
      queued.get(0).run();
      assertThat(later.approvals.get(TENANT, "ex-2", APPROVAL).orElseThrow().status())
          .isEqualTo(ApprovalStatus.APPROVED);
    }
  }

  @Test
  void aClickNamingAnotherTenantsExecution_findsNothing() {
    TenantIdHolder.globexApproval(f);

    f.send(f.click("U0ANA", SlackBlocks.APPROVE, "ex-globex", "1795356120.001050"));

    assertThat(f.approvals.get(TenantIdHolder.GLOBEX, "ex-globex", APPROVAL).orElseThrow().status())
        .isEqualTo(ApprovalStatus.PENDING);
    assertThat(ephemerals()).containsExactly("This approval no longer exists.");
  }

  /** Another tenant's pending approval, in the same stores. */
  private static final class TenantIdHolder {
    static final dev.gennaker.core.tenant.TenantId GLOBEX =
        dev.gennaker.core.tenant.TenantId.of("globex");

    static void globexApproval(SlackFixture f) {
      f.approvals.create(
          Approval.pending(
              GLOBEX,
              "ex-globex",
              APPROVAL,
              SlackFixture.STAGE,
              java.util.Set.of(dev.gennaker.core.tenant.Role.DEPLOYER),
              "someone@globex.example",
              f.clock.instant(),
              java.util.Optional.empty()),
          "globex-task-token");
    }
  }

  @Test
  void unknownWorkspace_isRefused() {
    String click =
        f.click("U0ANA", SlackBlocks.APPROVE, "ex-1", "1795356120.001100")
            .replace("T0ACME", "T0OTHER");

    HttpResponse r = f.send(click);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.bodyText()).contains("not connected to Gennaker");
    assertThat(approval().status()).isEqualTo(ApprovalStatus.PENDING);
  }
}
