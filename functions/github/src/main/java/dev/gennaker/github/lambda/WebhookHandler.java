package dev.gennaker.github.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.gennaker.api.lambda.LambdaHttpAdapter;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.github.GitHubServices;
import dev.gennaker.github.GitHubWiring;
import dev.gennaker.github.TriggerFunctions;
import java.time.Duration;

/**
 * The webhooks' Lambda handler ({@code dev.gennaker.github.lambda.WebhookHandler::handleRequest})
 * behind an API Gateway HTTP API (payload v2): {@code POST /webhooks/github/{tenantId}} and {@code
 * POST /webhooks/registry/{tenantId}}. Built from the environment during initialisation. Before
 * returning it gives the commit statuses of the delivery a moment to go out, because a Lambda
 * process is frozen between invocations.
 */
public final class WebhookHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final Duration STATUS_GRACE = Duration.ofSeconds(2);

  private final LambdaHttpAdapter adapter;
  private final GitHubServices services;

  public WebhookHandler() {
    this(ControlPlane.fromEnvironment(System.getenv()));
  }

  public WebhookHandler(ControlPlane plane) {
    this(GitHubWiring.services(plane, GitHubWiring.Config.fromEnvironment(System.getenv())));
  }

  /** A handler over given services (tests, other wirings). */
  public WebhookHandler(GitHubServices services) {
    this.services = services;
    this.adapter = new LambdaHttpAdapter(new TriggerFunctions(services));
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    APIGatewayV2HTTPResponse response = adapter.handle(event);
    services.statuses().awaitReports(STATUS_GRACE);
    return response;
  }
}
