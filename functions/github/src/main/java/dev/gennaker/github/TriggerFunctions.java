package dev.gennaker.github;

import dev.gennaker.api.http.HttpFunction;
import dev.gennaker.api.http.HttpRequest;
import dev.gennaker.api.http.HttpResponse;

/**
 * Both webhook functions as one HTTP function ({@code /webhooks/github/…} and {@code
 * /webhooks/registry/…}), for one Lambda function or the local server.
 */
public final class TriggerFunctions implements HttpFunction {
  private final GitHubWebhookFunction github;
  private final RegistryWebhookFunction registry;

  public TriggerFunctions(GitHubServices services) {
    this.github = new GitHubWebhookFunction(services);
    this.registry = new RegistryWebhookFunction(services);
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    return request.path().startsWith("/webhooks/registry/")
        ? registry.handle(request)
        : github.handle(request);
  }
}
