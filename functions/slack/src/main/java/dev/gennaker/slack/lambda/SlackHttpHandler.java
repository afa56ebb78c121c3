package dev.gennaker.slack.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.gennaker.api.lambda.LambdaHttpAdapter;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.slack.SlackFunction;
import dev.gennaker.slack.SlackWorkQueue;
import dev.gennaker.slack.aws.SqsSlackWorkQueue;

/**
 * Slack's HTTP entry point ({@code dev.gennaker.slack.lambda.SlackHttpHandler::handleRequest})
 * behind an API Gateway HTTP API (payload v2): {@code POST /webhooks/slack/interactions}, the
 * tenant routes {@code /v1/slack…} and the install routes {@code /slack/…}. An interaction is
 * verified (signature, 5-minute window), de-duplicated and queued on {@code
 * <GENNAKER_QUEUE_PREFIX>slack-work}, then answered at once — Slack wants its answer within 3
 * seconds; {@link SlackWorkHandler} does the work. Built from the environment during
 * initialisation.
 */
public final class SlackHttpHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final LambdaHttpAdapter adapter;

  /** The handler Lambda instantiates: wired from the function's environment. */
  public SlackHttpHandler() {
    this(
        ControlPlane.fromEnvironment(System.getenv()),
        SlackWiring.Config.fromEnvironment(System.getenv()));
  }

  /** A handler over a given control plane (tests, other wirings). */
  public SlackHttpHandler(ControlPlane plane, SlackWiring.Config config) {
    this(
        SlackWiring.wire(plane, config),
        new SqsSlackWorkQueue(SlackWiring.sqs(plane.config()), plane.config().queuePrefix()));
  }

  SlackHttpHandler(SlackWiring.Slack slack, SlackWorkQueue queue) {
    this.adapter =
        new LambdaHttpAdapter(
            new SlackFunction(
                slack.services(), queue, slack.config().app(), slack.config().portal().toString()));
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return adapter.handle(event);
  }
}
