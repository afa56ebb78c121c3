package dev.gennaker.slack;

import static dev.gennaker.slack.SlackFixture.CHANNEL;
import static dev.gennaker.slack.SlackFixture.TENANT;
import static dev.gennaker.slack.SlackFixture.assertGolden;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.cluster.DriftListener.Drift;
import dev.gennaker.core.tenant.TenantId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drift notifications: what they say (golden Block Kit) and where they go. */
class SlackDriftTest {
  private final SlackFixture f = new SlackFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void aChangedObject_isPostedToTheDefaultChannel_sayingClusterNamespaceObjectAndFields() {
    f.notifier.driftDetected(
        new Drift(
            TENANT,
            "prod-eu",
            "Deployment",
            "shop",
            "web",
            List.of("spec.replicas", "spec.template.spec.containers[0].image"),
            List.of("kubectl-edit"),
            "Deployment shop/web was changed outside Gennaker by kubectl-edit",
            "2026-11-22T03:14:07Z"));

    var posts = f.slack.calls("chat.postMessage");
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).param("channel")).isEqualTo(CHANNEL);
    assertThat(posts.get(0).param("text"))
        .isEqualTo("Drift on prod-eu/shop: Deployment/web changed outside Gennaker");
    assertGolden("drift-changed.json", posts.get(0).param("blocks"));
  }

  @Test
  void aDeletedObject_saysItWasDeleted_andWhenUnknownByWhom() {
    f.notifier.driftDetected(
        new Drift(
            TENANT,
            "prod-eu",
            "ConfigMap",
            "shop",
            "web-config-v003",
            List.of(),
            List.of(),
            "ConfigMap shop/web-config-v003 was deleted outside Gennaker",
            ""));

    assertGolden("drift-deleted.json", f.slack.calls("chat.postMessage").get(0).param("blocks"));
  }

  @Test
  void aTenantWithoutSlack_isSkipped_andSlackFailuresDoNotThrow() {
    f.notifier.driftDetected(
        new Drift(
            TenantId.of("no-slack"),
            "c1",
            "Deployment",
            "ns",
            "web",
            List.of("x"),
            List.of(),
            "",
            ""));
    assertThat(f.slack.calls()).isEmpty();

    f.slack.failNext("chat.postMessage", "channel_not_found");
    f.notifier.driftDetected(
        new Drift(TENANT, "c1", "Deployment", "ns", "web", List.of("x"), List.of(), "", ""));
    assertThat(f.slack.calls("chat.postMessage")).hasSize(1);
  }
}
