package dev.gennaker.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.agent.controlplane.CommandResult;
import dev.gennaker.simcluster.RolloutSettings;
import dev.gennaker.simcluster.SimulatedCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConfigMapCommandJournalTest {

  private static SimulatedCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SimulatedCluster.start(RolloutSettings.instant());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static CommandResult result(String id, String logs) {
    return new CommandResult(id, "succeeded", "ok", List.of(), List.of(), logs, Map.of());
  }

  @Test
  void survivesARestart_andKeepsOnlyTheNewestEntries() {
    var journal = new ConfigMapCommandJournal(cluster.client(), "agent-a", "journal", 3);
    journal.recordStarted("cmd/1");
    journal.recordFinished(result("cmd/1", null));
    journal.recordStarted("cmd-2");
    for (int i = 3; i <= 5; i++) {
      journal.recordFinished(result("cmd-" + i, null));
    }

    var reopened = new ConfigMapCommandJournal(cluster.client(), "agent-a", "journal", 3);
    assertThat(reopened.finished("cmd/1")).as("evicted, oldest first").isEmpty();
    assertThat(reopened.started("cmd-2")).isFalse();
    assertThat(reopened.finished("cmd-5")).map(CommandResult::message).contains("ok");
    assertThat(reopened.started("cmd-3")).isTrue();
  }

  @Test
  void startedButUnfinished_isVisibleToTheNextAgent() {
    var journal = new ConfigMapCommandJournal(cluster.client(), "agent-b", "journal", 10);
    journal.recordStarted("in-flight");
    var next = new ConfigMapCommandJournal(cluster.client(), "agent-b", "journal", 10);
    assertThat(next.started("in-flight")).isTrue();
    assertThat(next.finished("in-flight")).isEmpty();
  }

  @Test
  void staysUnderTheObjectSizeLimit_evenWithLargeResults() {
    var journal = new ConfigMapCommandJournal(cluster.client(), "agent-c", "journal", 1000);
    String logs = "x".repeat(4000);
    for (int i = 0; i < 140; i++) {
      journal.recordFinished(result("big-" + i, logs));
    }
    var data =
        cluster.client().configMaps().inNamespace("agent-c").withName("journal").get().getData();
    int bytes =
        data.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    assertThat(bytes).isLessThan(512 * 1024);
    assertThat(journal.finished("big-139")).isPresent();
  }
}
