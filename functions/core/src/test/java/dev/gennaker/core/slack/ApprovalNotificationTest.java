package dev.gennaker.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.approval.InMemoryApprovalStore;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.pipeline.PipelineReader;
import dev.gennaker.core.pipeline.expr.ExpressionContext;
import dev.gennaker.core.pipeline.expr.ExpressionEngine;
import dev.gennaker.core.runner.Notifier;
import dev.gennaker.core.runner.StageContext;
import dev.gennaker.core.runner.StageExecutors;
import dev.gennaker.core.store.Fixtures;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an approval stage tells notifiers: the approval id and its policy, never the task token. */
class ApprovalNotificationTest {
  private static final String YAML =
      """
      apiVersion: gennaker.dev/v1
      kind: Pipeline
      metadata:
        name: deploy-prod
        application: billing
      spec:
        stages:
          - id: prod-approval
            type: approval
            with:
              message: Promote billing to production?
              slackChannel: "#release-managers"
              approvers: [editors]
              timeout: 4h
              remindEvery: 1h
      """;

  record Told(Notifier.Event event, String stageId, String detail, Map<String, String> facts) {}

  @Test
  void awaitingApproval_carriesTheApprovalAndItsPolicy_notTheTaskToken() {
    List<Told> told = new ArrayList<>();
    Notifier recording =
        new Notifier() {
          @Override
          public void notify(Event event, Execution execution, String stageId, String detail) {
            notify(event, execution, stageId, detail, Map.of());
          }

          @Override
          public void notify(
              Event event,
              Execution execution,
              String stageId,
              String detail,
              Map<String, String> facts) {
            told.add(new Told(event, stageId, detail, facts));
          }
        };
    Instant now = Instant.parse("2026-11-22T14:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    var approvals = new InMemoryApprovalStore(Fixtures.TOKENS);
    StageExecutors executors =
        StageExecutors.standard(
            new StageExecutors.Ports(
                approvals,
                null,
                null,
                recording,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                clock,
                Duration.ofMinutes(1)));
    Pipeline pipeline = new PipelineReader().read(YAML).get();
    Execution execution =
        Execution.queued(
            TenantId.of("acme"),
            "ex-1",
            "billing",
            "deploy-prod",
            1,
            new Trigger("github-push", "dev@acme.example", Map.of()),
            Map.of(),
            List.of(),
            now);
    StageContext context =
        new StageContext(
            null,
            execution,
            pipeline,
            pipeline.stages().get(0),
            1,
            ExpressionEngine.forParameters(pipeline.parameters()),
            ExpressionContext.empty(),
            now);

    executors.of("approval").start(context, "secret-task-token");
    executors.of("approval").start(context, "secret-task-token"); // a retried start

    assertThat(told).hasSize(1);
    Told t = told.get(0);
    assertThat(t.event()).isEqualTo(Notifier.Event.AWAITING_APPROVAL);
    assertThat(t.stageId()).isEqualTo("prod-approval");
    assertThat(t.detail()).isEqualTo("Promote billing to production?");
    assertThat(t.facts())
        .containsEntry(Notifier.Facts.APPROVAL_ID, "prod-approval-1")
        .containsEntry(Notifier.Facts.ALLOWED_ROLES, "editor,admin")
        .containsEntry(Notifier.Facts.REQUESTED_FOR, "dev@acme.example")
        .containsEntry(Notifier.Facts.EXPIRES_AT, "2026-11-22T18:00:00Z")
        .containsEntry(Notifier.Facts.SLACK_CHANNEL, "#release-managers")
        .containsEntry(Notifier.Facts.REMIND_EVERY, "PT1H");
    assertThat(t.facts().values()).noneMatch(v -> v.contains("secret-task-token"));
  }
}
