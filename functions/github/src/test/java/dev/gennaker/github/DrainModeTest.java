package dev.gennaker.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gennaker.api.http.HttpResponse;
import dev.gennaker.core.store.PageTokens;
import dev.gennaker.core.tenant.InMemoryTenantStore;
import dev.gennaker.core.tenant.Tenant;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A draining tenant's pushes start nothing and say why; the delivery is still accepted. */
class DrainModeTest {

  @Test
  void aPushToADrainingTenant_startsNothing_andSaysWhy() throws Exception {
    try (WebhookFixture f = new WebhookFixture()) {
      InMemoryTenantStore tenants = new InMemoryTenantStore(PageTokens.withPassphrase("drain"));
      tenants.createTenant(new Tenant(f.acme(), "Acme", f.core.clock.instant()).withDraining(true));
      GitHubWebhookFunction function =
          new GitHubWebhookFunction(
              new GitHubServices(
                  f.secrets,
                  f.core.runner,
                  f.core.apply,
                  f.deliveries,
                  f.api,
                  f.statuses,
                  new ExecutionLinks(URI.create("https://app.gennaker.dev/")),
                  f.core.clock,
                  tenants));

      f.core.applyPipeline(
          f.acme(),
          dev.gennaker.core.trigger.TriggerFixture.pipeline(
              "orders",
              "orders-release",
              "    - type: github\n      repository: acme/orders\n      events: [push]\n"
                  + "      branches: [main]\n"));
      HttpResponse r = function.handle(WebhookFixture.acme("push", "push.json"));

      assertThat(r.status()).isEqualTo(202);
      JsonNode body = new ObjectMapper().readTree(r.body());
      assertThat(body.path("executions")).isEmpty();
      assertThat(body.path("skipped").get(0).path("reason").asText())
          .isEqualTo(
              "tenant acme is draining: no new executions start until an admin ends the drain");
      assertThat(f.core.started).isEmpty();
    }
  }
}
