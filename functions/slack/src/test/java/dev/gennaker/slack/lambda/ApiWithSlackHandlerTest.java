package dev.gennaker.slack.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.cluster.Agent;
import dev.gennaker.core.cluster.AgentCredentials;
import dev.gennaker.core.cluster.Cluster;
import dev.gennaker.core.tenant.Role;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API deployed with Slack told: a decision through the API closes the approval's Slack message
 * before the handler returns, and drift an agent reports is posted to the default channel.
 */
class ApiWithSlackHandlerTest {
  @TempDir java.nio.file.Path data;
  private AwsSlackFixture f;
  private ApiWithSlackHandler handler;

  @BeforeEach
  void start() {
    f = new AwsSlackFixture(data);
    handler = new ApiWithSlackHandler(f.plane, f.wired);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void aDecisionThroughTheApi_closesTheSlackMessage_beforeTheAnswer() {
    f.awaitingApproval("ex-a1");
    f.slack.clear();
    String key = f.plane.apiKeys().issue(f.tenant, "ana@acme.example", Role.DEPLOYER).key();

    APIGatewayV2HTTPResponse answer =
        handler.handleRequest(
            AwsSlackFixture.apiEvent(
                "POST",
                "/v1/executions/ex-a1/approvals/" + AwsSlackFixture.APPROVAL,
                key,
                "{\"decision\":\"reject\",\"comment\":\"error rate doubled on the canary\"}"),
            null);

    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
    assertThat(
            f.plane
                .approvals()
                .get(f.tenant, "ex-a1", AwsSlackFixture.APPROVAL)
                .orElseThrow()
                .status())
        .isEqualTo(ApprovalStatus.REJECTED);
    // No waiting here: the handler returned after the update went out.
    assertThat(f.slack.calls("chat.update"))
        .anySatisfy(
            c ->
                assertThat(c.json("blocks").toString())
                    .contains(
                        ":no_entry: Rejected by <@U0ANA>", ": error rate doubled on the canary"));
  }

  @Test
  void driftReportedByAnAgent_isPostedToTheDefaultChannel() {
    f.plane
        .clusters()
        .createCluster(new Cluster(f.tenant, "prod-eu", "Production EU", f.clock.instant(), 0));
    AgentCredentials.Issued credential = AgentCredentials.issue(f.tenant, "agent-prodeu01");
    f.plane
        .clusters()
        .createAgent(
            new Agent(
                f.tenant,
                "agent-prodeu01",
                "prod-eu",
                Set.of("shop"),
                credential.sha256(),
                Optional.empty(),
                Optional.empty(),
                f.clock.instant(),
                0));

    APIGatewayV2HTTPResponse answer =
        handler.handleRequest(
            AwsSlackFixture.apiEvent(
                "POST",
                "/v1/agent/events",
                credential.credential(),
                "{\"events\":[{\"type\":\"drift\",\"kind\":\"Deployment\",\"namespace\":\"shop\","
                    + "\"name\":\"web\",\"managers\":[\"kubectl-edit\"],"
                    + "\"fields\":[\"spec.replicas\"],\"time\":\"2026-11-22T03:14:07Z\","
                    + "\"message\":\"Deployment shop/web was changed outside Gennaker by"
                    + " kubectl-edit (spec.replicas)\"}]}"),
            null);

    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(204);
    var posted = f.slack.awaitCalls("chat.postMessage", 1, Duration.ofSeconds(5)).get(0);
    assertThat(posted.param("channel")).isEqualTo("C0DEPLOYS");
    assertThat(posted.param("text"))
        .isEqualTo("Drift on prod-eu/shop: Deployment/web changed outside Gennaker");
    assertThat(posted.json("blocks").toString())
        .contains("`Deployment/web` was changed outside Gennaker: `spec.replicas`")
        .contains("Changed by: kubectl-edit");
  }
}
