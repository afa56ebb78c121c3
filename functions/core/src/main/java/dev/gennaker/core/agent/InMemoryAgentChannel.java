package dev.gennaker.core.agent;

import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.tenant.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link AgentChannel} in memory with SQS semantics (visibility timeout, receive counts,
 * dead-letter after {@code maxReceives}), for tests and tools. Runs the same contract suite.
 */
public final class InMemoryAgentChannel implements AgentChannel {
  private static final class Message {
    final AgentCommand command;
    Instant visibleAt;
    int receiveCount;
    String receipt;

    Message(AgentCommand command, Instant visibleAt) {
      this.command = command;
      this.visibleAt = visibleAt;
    }
  }

  private static final class Queue {
    final List<Message> messages = new ArrayList<>();
    final Deque<AgentCommand> deadLetters = new ArrayDeque<>();
  }

  private final Clock clock;
  private final Duration visibilityTimeout;
  private final int maxReceives;
  private final Map<String, Queue> queues = new HashMap<>();

  public InMemoryAgentChannel(Clock clock, Duration visibilityTimeout, int maxReceives) {
    this.clock = clock;
    this.visibilityTimeout = visibilityTimeout;
    this.maxReceives = maxReceives;
  }

  private static String key(TenantId tenant, String agentId) {
    return tenant.value() + "/" + agentId;
  }

  private Queue queue(TenantId tenant, String agentId) {
    Queue q = queues.get(key(tenant, agentId));
    if (q == null) {
      throw new NotFoundException("no channel is open for agent " + agentId);
    }
    return q;
  }

  @Override
  public synchronized void open(TenantId tenant, String agentId) {
    queues.computeIfAbsent(key(tenant, agentId), k -> new Queue());
  }

  @Override
  public synchronized void send(AgentCommand command) {
    queue(command.tenant(), command.agentId()).messages.add(new Message(command, clock.instant()));
    notifyAll();
  }

  @Override
  public synchronized List<ReceivedCommand> receive(
      TenantId tenant, String agentId, int max, Duration wait) {
    Queue q = queue(tenant, agentId);
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      List<ReceivedCommand> out = new ArrayList<>();
      Instant now = clock.instant();
      Iterator<Message> it = q.messages.iterator();
      while (it.hasNext() && out.size() < max) {
        Message m = it.next();
        if (m.visibleAt.isAfter(now)) {
          continue;
        }
        if (m.receiveCount >= maxReceives) {
          it.remove();
          q.deadLetters.add(m.command);
          continue;
        }
        m.receiveCount++;
        m.receipt = UUID.randomUUID().toString();
        m.visibleAt = now.plus(visibilityTimeout);
        out.add(new ReceivedCommand(m.command, m.receipt, m.receiveCount));
      }
      long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (!out.isEmpty() || remainingMillis <= 0) {
        return out;
      }
      try {
        // Short waits so that messages becoming visible again (by the clock) are noticed.
        wait(Math.min(remainingMillis, 50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return out;
      }
    }
  }

  @Override
  public synchronized void ack(TenantId tenant, String agentId, String receipt) {
    queue(tenant, agentId).messages.removeIf(m -> receipt.equals(m.receipt));
  }

  @Override
  public synchronized void extendVisibility(
      TenantId tenant, String agentId, String receipt, Duration extension) {
    for (Message m : queue(tenant, agentId).messages) {
      if (receipt.equals(m.receipt)) {
        m.visibleAt = clock.instant().plus(extension);
        return;
      }
    }
    throw new NotFoundException("receipt is no longer current for agent " + agentId);
  }

  @Override
  public synchronized List<AgentCommand> drainDeadLetters(
      TenantId tenant, String agentId, int max) {
    Queue q = queue(tenant, agentId);
    // Expired messages move to the dead-letter queue on a receive attempt, as in SQS.
    List<AgentCommand> out = new ArrayList<>();
    while (out.size() < max && !q.deadLetters.isEmpty()) {
      out.add(q.deadLetters.poll());
    }
    return out;
  }
}
