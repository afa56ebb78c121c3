package dev.gennaker.api.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.gennaker.api.ApiFunction;
import dev.gennaker.api.ApiWiring;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.core.cluster.DriftListener;
import dev.gennaker.core.runner.Notifier;

/**
 * The API's Lambda handler ({@code dev.gennaker.api.lambda.ApiHandler::handleRequest}) behind an
 * API Gateway HTTP API (payload v2). The control plane is built from the environment during
 * initialisation, so with SnapStart it is part of the snapshot and each request pays nothing for
 * it.
 */
public final class ApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final LambdaHttpAdapter adapter;

  /** The handler Lambda instantiates: wired from the function's environment. */
  public ApiHandler() {
    this(ControlPlane.fromEnvironment(System.getenv()));
  }

  /** A handler over a given control plane (tests, other wirings). */
  public ApiHandler(ControlPlane plane) {
    this(plane, Notifier.NONE, DriftListener.NONE);
  }

  /**
   * A handler whose decisions and drift reports are also told elsewhere: {@code
   * dev.gennaker.slack.lambda.ApiWithSlackHandler} passes Slack's notifier (the API module cannot
   * depend on Slack's).
   */
  public ApiHandler(ControlPlane plane, Notifier notifier, DriftListener drift) {
    this.adapter =
        new LambdaHttpAdapter(new ApiFunction(ApiWiring.services(plane, notifier, drift)));
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return adapter.handle(event);
  }
}
