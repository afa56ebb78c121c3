package dev.gennaker.slack.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.slack.SlackReminders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reminder sweep ({@code dev.gennaker.slack.lambda.SlackRemindersHandler::handleRequest}),
 * invoked by an EventBridge Scheduler rate schedule every minute with a JSON map (its content is
 * not read): posts the reminders that are due for the pending approvals of every tenant with a
 * Slack connection ({@link SlackReminders#sweep}). Idempotent per interval, so a repeated or late
 * invocation posts nothing twice. Answers what it did: {@code tenants}, {@code reminders}, {@code
 * failedTenants}.
 */
public final class SlackRemindersHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final SlackWiring.Slack slack;

  /** The handler Lambda instantiates: wired from the function's environment. */
  public SlackRemindersHandler() {
    this(
        ControlPlane.fromEnvironment(System.getenv()),
        SlackWiring.Config.fromEnvironment(System.getenv()));
  }

  public SlackRemindersHandler(ControlPlane plane, SlackWiring.Config config) {
    this(SlackWiring.wire(plane, config));
  }

  SlackRemindersHandler(SlackWiring.Slack slack) {
    this.slack = slack;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    SlackReminders.Sweep sweep = slack.reminders().sweep(slack.directory(), slack.connections());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenants", sweep.tenants());
    out.put("reminders", sweep.reminders());
    out.put("failedTenants", sweep.failedTenants());
    return out;
  }
}
