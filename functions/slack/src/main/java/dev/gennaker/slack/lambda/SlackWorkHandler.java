package dev.gennaker.slack.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.slack.DeliveryThread;
import dev.gennaker.slack.SlackInteractions;
import dev.gennaker.slack.SlackWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The consumer of the {@code <GENNAKER_QUEUE_PREFIX>slack-work} queue ({@code
 * dev.gennaker.slack.lambda.SlackWorkHandler::handleRequest}, an SQS event source with {@code
 * ReportBatchItemFailures}): does what each queued interaction asked ({@link SlackInteractions}) —
 * decides the approval, updates its message, opens the reject dialog, answers refusals ephemerally.
 *
 * <p>Failures are reported message by message: a fault (a store or Slack unreachable) returns the
 * message to the queue for another try, until its {@value #LAST_ATTEMPT}th receipt, when the
 * clicker is told to try again and the message is dropped; a body that is not a work item is
 * reported so that it ends in the queue's dead-letter queue. Before returning it waits (at most
 * {@link #DELIVERY_GRACE}) for the notifier's updates to reach Slack, because Lambda freezes the
 * process.
 */
public final class SlackWorkHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = Logger.getLogger(SlackWorkHandler.class.getName());
  static final int LAST_ATTEMPT = 3;
  static final Duration DELIVERY_GRACE = Duration.ofSeconds(10);

  private final SlackInteractions interactions;
  private final DeliveryThread delivery;

  /** The handler Lambda instantiates: wired from the function's environment. */
  public SlackWorkHandler() {
    this(
        ControlPlane.fromEnvironment(System.getenv()),
        SlackWiring.Config.fromEnvironment(System.getenv()));
  }

  public SlackWorkHandler(ControlPlane plane, SlackWiring.Config config) {
    this(SlackWiring.wire(plane, config));
  }

  SlackWorkHandler(SlackWiring.Slack slack) {
    this.interactions = new SlackInteractions(slack.services());
    this.delivery = slack.delivery();
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
    for (SQSEvent.SQSMessage message : records) {
      SlackWork work;
      try {
        work = SlackWork.fromJson(message.getBody());
      } catch (IllegalArgumentException e) {
        LOG.log(
            Level.WARNING,
            "slack-work message "
                + message.getMessageId()
                + " is not a work item: "
                + e.getMessage());
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        continue;
      }
      try {
        interactions.perform(work);
      } catch (RuntimeException e) {
        if (receiveCount(message) >= LAST_ATTEMPT) {
          interactions.giveUp(work, e);
        } else {
          LOG.log(
              Level.INFO,
              "Slack work of tenant "
                  + work.tenant()
                  + " failed, to be retried: "
                  + e.getMessage());
          failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        }
      }
    }
    if (!delivery.awaitIdle(DELIVERY_GRACE)) {
      LOG.log(Level.WARNING, "Slack updates still pending after " + DELIVERY_GRACE);
    }
    return new SQSBatchResponse(failures);
  }

  private static int receiveCount(SQSEvent.SQSMessage message) {
    String count =
        message.getAttributes() == null
            ? null
            : message.getAttributes().get("ApproximateReceiveCount");
    try {
      return count == null ? 1 : Integer.parseInt(count);
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
