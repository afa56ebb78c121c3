package dev.gennaker.core.slack;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static dev.gennaker.core.store.Fixtures.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract of {@link SlackDirectory}; stores may be shared by suites (fresh tenant ids). */
public abstract class SlackDirectoryContract {
  protected abstract SlackDirectory newStore();

  @Test
  void addedTenants_areListed_inIdOrder_onceEach() {
    SlackDirectory store = newStore();
    TenantId b = TenantId.of(freshTenant().value() + "-b");
    TenantId a = TenantId.of(b.value().substring(0, b.value().length() - 2) + "-a");
    store.add(b);
    store.add(a);
    store.add(b);

    var listed =
        pollUntil(
            Duration.ofSeconds(5),
            "both listed",
            () -> {
              var all = store.all();
              return all.contains(a) && all.contains(b) ? all : null;
            });
    assertThat(listed.stream().filter(t -> t.equals(b)).count()).isEqualTo(1);
    assertThat(listed.indexOf(a)).isLessThan(listed.indexOf(b));
  }

  @Test
  void removedTenant_isNoLongerListed_andRemovingTwiceIsHarmless() {
    SlackDirectory store = newStore();
    TenantId t = freshTenant();
    store.add(t);
    store.remove(t);
    store.remove(t);

    assertThat(store.all()).doesNotContain(t);
  }

  @Test
  void listedConnections_keepTheDirectoryInStep() {
    SlackDirectory directory = newStore();
    TenantId t = freshTenant();
    SlackConnections connections =
        new ListedSlackConnections(new InMemorySlackConnections(), directory);
    connections.put(
        new SlackConnection(t, "T" + t.value().toUpperCase().replace("-", ""), "#d", T0));
    assertThat(
            pollUntil(
                Duration.ofSeconds(5), "listed", () -> directory.all().contains(t) ? t : null))
        .isEqualTo(t);

    connections.delete(t);
    assertThat(directory.all()).doesNotContain(t);
    assertThat(connections.get(t)).isEmpty();
  }
}
