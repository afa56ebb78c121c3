package dev.gennaker.slack.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.gennaker.api.lambda.ApiHandler;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.slack.DeliveryThread;
import java.time.Duration;

/**
 * The API's Lambda handler with Slack told of what happens through it ({@code
 * dev.gennaker.slack.lambda.ApiWithSlackHandler::handleRequest}, deployed from this module's jar in
 * place of {@code dev.gennaker.api.lambda.ApiHandler}): a decision taken in the portal or the API
 * closes the approval's Slack message ("Approved by … at …", buttons removed) and updates the
 * execution's message; drift reported by agents is posted to the tenant's default channel.
 *
 * <p>The API module cannot depend on this one (this one depends on it), hence a second handler
 * rather than a lookup. Before answering it waits (at most {@link #DELIVERY_GRACE}) for those Slack
 * updates to go out, because Lambda freezes the process between invocations.
 */
public final class ApiWithSlackHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final Duration DELIVERY_GRACE = Duration.ofSeconds(3);

  private final ApiHandler api;
  private final DeliveryThread delivery;

  /** The handler Lambda instantiates: wired from the function's environment. */
  public ApiWithSlackHandler() {
    this(
        ControlPlane.fromEnvironment(System.getenv()),
        SlackWiring.Config.fromEnvironment(System.getenv()));
  }

  public ApiWithSlackHandler(ControlPlane plane, SlackWiring.Config config) {
    this(plane, SlackWiring.wire(plane, config));
  }

  ApiWithSlackHandler(ControlPlane plane, SlackWiring.Slack slack) {
    this.api = new ApiHandler(plane, slack.notifier(), slack.notifier());
    this.delivery = slack.delivery();
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    APIGatewayV2HTTPResponse response = api.handleRequest(event, context);
    delivery.awaitIdle(DELIVERY_GRACE);
    return response;
  }
}
