package dev.gennaker.core.agent;

import static dev.gennaker.core.store.Fixtures.T0;
import static dev.gennaker.core.store.Fixtures.freshId;
import static dev.gennaker.core.store.Fixtures.freshTenant;
import static dev.gennaker.core.store.Fixtures.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AgentChannel}. Implementations are built with a 1-second visibility
 * timeout and 2 receives before dead-lettering, so redelivery happens within the test's deadline.
 */
public abstract class AgentChannelContract {
  protected static final Duration VISIBILITY = Duration.ofSeconds(1);
  protected static final int MAX_RECEIVES = 2;
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  protected abstract AgentChannel newChannel(Duration visibilityTimeout, int maxReceives);

  private AgentChannel channel;
  private TenantId tenant;
  private String agentId;

  @BeforeEach
  void setUp() {
    channel = newChannel(VISIBILITY, MAX_RECEIVES);
    tenant = freshTenant();
    agentId = freshId("agent");
    channel.open(tenant, agentId);
    channel.open(tenant, agentId);
  }

  private AgentCommand command(String id) {
    return new AgentCommand(
        id,
        tenant,
        agentId,
        "deploy",
        "shop",
        Optional.of(new BlobRef(tenant, "executions/e1/bake/manifests.yaml")),
        Map.of("executionId", "e1", "stageId", "deploy-prod"),
        T0);
  }

  private List<ReceivedCommand> receiveUntilSome() {
    return pollUntil(
        DEADLINE,
        "a command",
        () -> {
          List<ReceivedCommand> got = channel.receive(tenant, agentId, 10, Duration.ofSeconds(1));
          return got.isEmpty() ? null : got;
        });
  }

  @Test
  void send_receive_ack_roundTripsTheWholeEnvelope() {
    AgentCommand sent = command("cmd-1");
    channel.send(sent);
    List<ReceivedCommand> got = receiveUntilSome();
    assertThat(got).hasSize(1);
    assertThat(got.get(0).command()).isEqualTo(sent);
    assertThat(got.get(0).receiveCount()).isEqualTo(1);
    channel.ack(tenant, agentId, got.get(0).receipt());
    channel.ack(tenant, agentId, got.get(0).receipt());
    assertThat(channel.receive(tenant, agentId, 10, Duration.ofMillis(1500))).isEmpty();
  }

  @Test
  void emptyQueue_longPollReturnsNothing() {
    assertThat(channel.receive(tenant, agentId, 10, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void unacknowledgedCommand_isRedelivered_withTheSameId_thenDeadLettered() {
    channel.send(command("cmd-redeliver"));
    ReceivedCommand first = receiveUntilSome().get(0);
    ReceivedCommand second = receiveUntilSome().get(0);
    assertThat(second.command().commandId()).isEqualTo("cmd-redeliver");
    assertThat(second.receiveCount()).isEqualTo(2);
    assertThat(second.receipt()).isNotEqualTo(first.receipt());
    // After MAX_RECEIVES deliveries, the next receive attempt moves it to the dead-letter queue.
    List<AgentCommand> dead =
        pollUntil(
            DEADLINE,
            "the command in the dead-letter queue",
            () -> {
              assertThat(channel.receive(tenant, agentId, 10, Duration.ofMillis(500))).isEmpty();
              List<AgentCommand> d = channel.drainDeadLetters(tenant, agentId, 10);
              return d.isEmpty() ? null : d;
            });
    assertThat(dead).extracting(AgentCommand::commandId).containsExactly("cmd-redeliver");
  }

  @Test
  void extendedVisibility_keepsARunningCommandHidden() {
    channel.send(command("cmd-long"));
    ReceivedCommand got = receiveUntilSome().get(0);
    channel.extendVisibility(tenant, agentId, got.receipt(), Duration.ofSeconds(30));
    // Past the original 1-second timeout it stays hidden.
    assertThat(channel.receive(tenant, agentId, 10, Duration.ofMillis(2500))).isEmpty();
    channel.ack(tenant, agentId, got.receipt());
  }

  @Test
  void manyCommands_eachDeliveredOnce_whenAcknowledged() {
    Set<String> sent = new HashSet<>();
    for (int i = 0; i < 15; i++) {
      channel.send(command("cmd-" + i));
      sent.add("cmd-" + i);
    }
    Set<String> seen = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    pollUntil(
        DEADLINE,
        "all commands",
        () -> {
          for (ReceivedCommand r : channel.receive(tenant, agentId, 10, Duration.ofSeconds(1))) {
            if (!seen.add(r.command().commandId())) {
              duplicates.add(r.command().commandId());
            }
            channel.ack(tenant, agentId, r.receipt());
          }
          return seen.size() == sent.size() ? seen : null;
        });
    assertThat(seen).isEqualTo(sent);
    assertThat(duplicates).isEmpty();
  }

  @Test
  void agentsAndTenants_areIsolated() {
    TenantId other = freshTenant();
    String otherAgent = freshId("agent");
    channel.open(other, agentId);
    channel.open(tenant, otherAgent);
    channel.send(command("cmd-mine"));
    assertThat(channel.receive(other, agentId, 10, Duration.ofMillis(1200))).isEmpty();
    assertThat(channel.receive(tenant, otherAgent, 10, Duration.ofMillis(100))).isEmpty();
    assertThat(receiveUntilSome())
        .extracting(r -> r.command().commandId())
        .containsExactly("cmd-mine");
  }

  @Test
  void unopenedChannel_isNotFound() {
    String stranger = freshId("agent");
    assertThatThrownBy(
            () ->
                channel.send(
                    new AgentCommand(
                        "c", tenant, stranger, "deploy", "shop", Optional.empty(), Map.of(), T0)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> channel.receive(tenant, stranger, 1, Duration.ZERO))
        .isInstanceOf(NotFoundException.class);
  }
}
