package dev.gennaker.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.gennaker.core.approval.Approval;
import dev.gennaker.core.approval.ApprovalStatus;
import dev.gennaker.core.cluster.DriftListener;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.StageRecord;
import dev.gennaker.core.pipeline.ExecutionStatus;
import dev.gennaker.core.pipeline.StageStatus;
import dev.gennaker.core.slack.PromotionDiff;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Gennaker's Slack messages say, as Block Kit built with the Slack SDK's builders. Pure: the
 * same input gives the same blocks (golden tests hold them).
 */
public final class SlackBlocks {
  /** {@code action_id}s of the approval buttons; their {@code value} is {@link #buttonValue}. */
  public static final String APPROVE = "gennaker.approve";

  public static final String REJECT = "gennaker.reject";

  /** {@code callback_id} of the reject modal, and its reason input's block and action ids. */
  public static final String REJECT_VIEW = "gennaker.reject";

  public static final String REASON = "reason";

  private static final DateTimeFormatter FALLBACK =
      DateTimeFormatter.ofPattern("HH:mm 'UTC on' yyyy-MM-dd", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private SlackBlocks() {}

  /** Everything the execution's message shows. */
  public record ExecutionView(
      Execution execution,
      List<StageRecord> stages,
      Optional<String> failedStage,
      Optional<String> failure,
      String portalUrl,
      Instant now) {}

  /** The execution's one message: title, status, commit and author, duration, stage progress. */
  public static List<LayoutBlock> execution(ExecutionView v) {
    Execution e = v.execution();
    List<LayoutBlock> blocks = new ArrayList<>();
    String title = "*<" + v.portalUrl() + "|" + e.application() + " › " + e.pipeline() + ">*";
    blocks.add(
        section(
            s -> s.blockId("status").text(markdownText(title + "\n" + statusLine(e.status())))));
    blocks.add(
        context(
            c ->
                c.blockId("trigger")
                    .elements(
                        List.<com.slack.api.model.block.ContextBlockElement>of(
                            markdownText(triggerLine(v))))));
    if (!v.stages().isEmpty()) {
      StringBuilder progress = new StringBuilder();
      for (StageRecord r : v.stages()) {
        if (progress.length() > 0) {
          progress.append('\n');
        }
        progress.append(stageIcon(r.status())).append(" `").append(r.stageId()).append('`');
        if (r.status() == StageStatus.FAILED) {
          r.error().ifPresent(err -> progress.append(" — ").append(escape(cut(err, 200))));
        }
      }
      blocks.add(
          section(s -> s.blockId("stages").text(markdownText(cut(progress.toString(), 2900)))));
    }
    if (v.failure().isPresent()) {
      String line =
          ":x: "
              + v.failedStage().map(s -> "Stage `" + s + "` failed: ").orElse("Failed: ")
              + escape(cut(v.failure().get(), 1500));
      blocks.add(section(s -> s.blockId("failure").text(markdownText(line))));
    }
    return blocks;
  }

  /** The notification text (shown where blocks are not: notifications, screen readers). */
  public static String executionText(Execution e) {
    return e.application()
        + " › "
        + e.pipeline()
        + ": "
        + e.status().name().toLowerCase(Locale.ROOT);
  }

  /** A failure, posted in the execution's thread. */
  public static List<LayoutBlock> failureReply(String stageId, String reason) {
    String line =
        ":x: "
            + (stageId == null ? "The execution failed" : "Stage `" + stageId + "` failed")
            + ": "
            + escape(cut(reason == null ? "no reason given" : reason, 2800));
    return List.of(section(s -> s.blockId("failure").text(markdownText(line))));
  }

  /**
   * A pending approval: the question, what is promoted and who triggered it, who may decide until
   * when, and the Approve / Reject buttons.
   */
  public static List<LayoutBlock> approvalPending(
      Execution e, String stageId, String question, Map<String, String> facts, String portalUrl) {
    return approvalPending(e, stageId, question, facts, portalUrl, Optional.empty(), null);
  }

  /**
   * A pending approval as above, with what it promotes compared with what runs now on its target
   * ({@code diff}); {@code runningUrl} links the execution that deployed what runs now (null on a
   * first deploy).
   */
  public static List<LayoutBlock> approvalPending(
      Execution e,
      String stageId,
      String question,
      Map<String, String> facts,
      String portalUrl,
      Optional<PromotionDiff.Summary> diff,
      String runningUrl) {
    String approvalId = facts.getOrDefault("approvalId", "");
    List<LayoutBlock> blocks = new ArrayList<>();
    String q =
        question == null || question.isBlank() ? "Approve stage `" + stageId + "`?" : question;
    blocks.add(
        section(
            s ->
                s.blockId("question")
                    .text(
                        markdownText(
                            ":raised_hand: *Approval needed* — <"
                                + portalUrl
                                + "|"
                                + e.application()
                                + " › "
                                + e.pipeline()
                                + ">, stage `"
                                + stageId
                                + "`\n"
                                + cut(q, 2000)))));
    List<String> lines = new ArrayList<>();
    lines.add(triggerSummary(e));
    String roles = facts.getOrDefault("allowedRoles", "");
    if (!roles.isEmpty()) {
      lines.add("Who may decide: " + roles.replace(",", ", "));
    }
    if (facts.containsKey("requestedFor")) {
      lines.add("Not " + facts.get("requestedFor") + ", who triggered it");
    }
    if (facts.containsKey("expiresAt")) {
      lines.add("Times out " + date(Instant.parse(facts.get("expiresAt"))));
    }
    blocks.add(
        context(
            c ->
                c.blockId("context")
                    .elements(
                        List.<com.slack.api.model.block.ContextBlockElement>of(
                            markdownText(String.join(" · ", lines))))));
    if (diff.isPresent()) {
      PromotionDiff.Summary d = diff.get();
      StringBuilder text =
          new StringBuilder("*What changes on `")
              .append(escape(d.target().cluster()))
              .append('/')
              .append(escape(d.target().namespace()))
              .append("`*");
      if (runningUrl != null) {
        text.append(" (vs <").append(runningUrl).append("|what runs now>)");
      }
      for (String line : d.lines()) {
        text.append("\n• ").append(escape(cut(line, 300)));
      }
      String diffText = cut(text.toString(), 2900);
      blocks.add(section(s -> s.blockId("diff").text(markdownText(diffText))));
    }
    String value = buttonValue(e.executionId(), approvalId);
    blocks.add(
        actions(
            a ->
                a.blockId("decision")
                    .elements(
                        List.of(
                            button(
                                b ->
                                    b.actionId(APPROVE)
                                        .text(plainText("Approve"))
                                        .style("primary")
                                        .value(value)),
                            button(
                                b ->
                                    b.actionId(REJECT)
                                        .text(plainText("Reject"))
                                        .style("danger")
                                        .value(value))))));
    return blocks;
  }

  /**
   * A decided, expired or closed approval: the question stays, the buttons go, and one line says
   * who decided when ({@code decider} is a mention like {@code <@U1>} or the member's id).
   */
  public static List<LayoutBlock> approvalClosed(
      Execution e, Approval a, String decider, String portalUrl) {
    String head =
        "*<"
            + portalUrl
            + "|"
            + e.application()
            + " › "
            + e.pipeline()
            + ">*, stage `"
            + a.stageId()
            + "`";
    String line;
    var d = a.decision();
    String at = d.map(x -> date(x.at())).orElse("");
    String comment =
        d.map(x -> x.comment())
            .filter(c -> !c.isBlank())
            .map(c -> ": " + escape(cut(c, 1000)))
            .orElse("");
    if (a.status() == ApprovalStatus.APPROVED) {
      line = ":white_check_mark: Approved by " + decider + " " + at + comment;
    } else if (a.status() == ApprovalStatus.REJECTED) {
      line = ":no_entry: Rejected by " + decider + " " + at + comment;
    } else {
      line =
          ":hourglass: Closed without a decision "
              + at
              + ": "
              + d.map(x -> x.comment()).orElse("expired");
    }
    String text = head + "\n" + line;
    return List.of(section(s -> s.blockId("decision").text(markdownText(text))));
  }

  /**
   * Drift on a cluster: which cluster, namespace and object, what changed (or that it was deleted),
   * who changed it and when the agent saw it.
   */
  public static List<LayoutBlock> drift(DriftListener.Drift d, Instant now) {
    String object = d.kind().isEmpty() ? d.name() : d.kind() + "/" + d.name();
    StringBuilder head =
        new StringBuilder(":warning: *Drift detected* on cluster `")
            .append(escape(d.clusterId()))
            .append('`');
    if (!d.namespace().isEmpty()) {
      head.append(", namespace `").append(escape(d.namespace())).append('`');
    }
    head.append("\n`").append(escape(object)).append('`');
    if (d.deleted()) {
      head.append(" was deleted outside Gennaker.");
    } else {
      head.append(" was changed outside Gennaker: ");
      head.append(
          String.join(
              ", ", d.fields().stream().map(f -> "`" + escape(cut(f, 200)) + "`").toList()));
    }
    String headText = cut(head.toString(), 2900);
    List<String> context = new ArrayList<>();
    String by = d.deleted() ? "Deleted by: " : "Changed by: ";
    context.add(
        d.managers().isEmpty()
            ? by + "unknown (outside Gennaker)"
            : by + escape(String.join(", ", d.managers())));
    Instant seen = now;
    try {
      if (!d.observedAt().isEmpty()) {
        seen = Instant.parse(d.observedAt());
      }
    } catch (java.time.format.DateTimeParseException e) {
      // the agent's clock text is unreadable: say when we heard of it
    }
    context.add("Seen " + date(seen));
    context.add("Redeploy to restore the declared state, or change the pipeline's manifests.");
    return List.of(
        section(s -> s.blockId("drift").text(markdownText(headText))),
        context(
            c ->
                c.blockId("drift-context")
                    .elements(
                        List.<com.slack.api.model.block.ContextBlockElement>of(
                            markdownText(String.join(" · ", context))))));
  }

  /** The notification text of a drift message. */
  public static String driftText(DriftListener.Drift d) {
    return "Drift on "
        + d.clusterId()
        + (d.namespace().isEmpty() ? "" : "/" + d.namespace())
        + ": "
        + (d.kind().isEmpty() ? d.name() : d.kind() + "/" + d.name())
        + (d.deleted() ? " deleted" : " changed")
        + " outside Gennaker";
  }

  /** The notification text of an approval message. */
  public static String approvalText(Execution e, String stageId, ApprovalStatus status) {
    String what = e.application() + " › " + e.pipeline() + ", stage " + stageId;
    return status == ApprovalStatus.PENDING
        ? "Approval needed: " + what
        : what + ": " + status.name().toLowerCase(Locale.ROOT);
  }

  /** The modal that asks why an approval is rejected; the decision is taken on submit. */
  public static View rejectModal(String privateMetadata, String stageId) {
    return view(
        v ->
            v.type("modal")
                .callbackId(REJECT_VIEW)
                .privateMetadata(privateMetadata)
                .title(viewTitle(t -> t.type("plain_text").text("Reject")))
                .submit(viewSubmit(t -> t.type("plain_text").text("Reject")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(
                    List.of(
                        input(
                            i ->
                                i.blockId(REASON)
                                    .label(plainText("Why do you reject stage " + stageId + "?"))
                                    .element(
                                        plainTextInput(
                                            p ->
                                                p.actionId(REASON)
                                                    .multiline(true)
                                                    .maxLength(1000)))))));
  }

  /** The value both buttons carry: execution and approval ids, never the task token. */
  public static String buttonValue(String executionId, String approvalId) {
    return executionId + " " + approvalId;
  }

  /** "at 14:02 on Nov 22", which every reader sees in their own time zone (Slack's formatting). */
  static String date(Instant at) {
    return "at <!date^"
        + at.getEpochSecond()
        + "^{time} on {date_short}|"
        + FALLBACK.format(at)
        + ">";
  }

  private static String statusLine(ExecutionStatus status) {
    switch (status) {
      case QUEUED:
        return ":white_circle: Queued";
      case RUNNING:
        return ":large_blue_circle: Running";
      case SUCCEEDED:
        return ":white_check_mark: Succeeded";
      case FAILED:
        return ":x: Failed";
      case CANCELED:
        return ":black_circle: Canceled";
      default:
        return status.name();
    }
  }

  private static String stageIcon(StageStatus status) {
    switch (status) {
      case NOT_STARTED:
        return ":white_circle:";
      case RUNNING:
        return ":hourglass_flowing_sand:";
      case SUCCEEDED:
        return ":white_check_mark:";
      case FAILED:
        return ":x:";
      case SKIPPED:
        return ":fast_forward:";
      case CANCELED:
        return ":black_circle:";
      default:
        return status.name();
    }
  }

  private static String triggerLine(ExecutionView v) {
    Execution e = v.execution();
    List<String> parts = new ArrayList<>();
    parts.add(triggerSummary(e));
    Instant start = e.startedAt().orElse(e.createdAt());
    Instant end = e.finishedAt().orElse(v.now());
    parts.add(duration(Duration.between(start, end)));
    return String.join(" · ", parts);
  }

  /** Commit (linked) and author, or the trigger type and actor. */
  static String triggerSummary(Execution e) {
    Map<String, String> d = e.trigger().details();
    String commit = d.getOrDefault("commit", "");
    String repository = d.getOrDefault("repository", "");
    String author = d.getOrDefault("author", e.trigger().actor());
    StringBuilder s = new StringBuilder();
    if (!commit.isEmpty()) {
      String shortSha = commit.length() > 7 ? commit.substring(0, 7) : commit;
      s.append("Commit ");
      if (e.trigger().type().startsWith("github") && repository.matches("[\\w.-]+/[\\w.-]+")) {
        s.append("<https://github.com/").append(repository).append("/commit/").append(commit);
        s.append('|').append(shortSha).append('>');
      } else {
        s.append('`').append(shortSha).append('`');
      }
      if (d.containsKey("branch")) {
        s.append(" on `").append(d.get("branch")).append('`');
      }
      s.append(" by ").append(escape(author));
      String message = d.getOrDefault("message", "");
      if (!message.isEmpty()) {
        s.append(": ").append(escape(cut(message.lines().findFirst().orElse(""), 100)));
      }
    } else {
      s.append("Triggered by ").append(escape(e.trigger().actor()));
      s.append(" (").append(e.trigger().type()).append(')');
    }
    return s.toString();
  }

  static String duration(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m " + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h " + (seconds % 3600 / 60) + "m";
  }

  /** Slack's three control characters in mrkdwn. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
