package dev.gennaker.aws.sqs;

import dev.gennaker.aws.JsonCodec;
import dev.gennaker.core.agent.AgentChannel;
import dev.gennaker.core.agent.AgentCommand;
import dev.gennaker.core.agent.ReceivedCommand;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.StoreUnavailableException;
import dev.gennaker.core.tenant.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * {@link AgentChannel} on SQS standard queues (at-least-once, which the agent's de-duplication by
 * command id covers). Queue URLs are resolved once and cached. Message bodies are the command as
 * JSON; the command id is also a message attribute so operators can find it without decoding.
 */
public final class SqsAgentChannel implements AgentChannel {
  private static final int MAX_WAIT_SECONDS = 20;

  private final SqsClient sqs;
  private final String prefix;
  private final Duration visibilityTimeout;
  private final int maxReceives;
  private final Map<String, String> urls = new ConcurrentHashMap<>();

  /**
   * @param prefix queue name prefix per installation, e.g. {@code gennaker}
   * @param visibilityTimeout how long a received command stays hidden before redelivery
   * @param maxReceives deliveries before a command moves to the dead-letter queue
   */
  public SqsAgentChannel(
      SqsClient sqs, String prefix, Duration visibilityTimeout, int maxReceives) {
    this.sqs = sqs;
    this.prefix = prefix;
    this.visibilityTimeout = visibilityTimeout;
    this.maxReceives = maxReceives;
  }

  private static <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (QueueDoesNotExistException | ReceiptHandleIsInvalidException e) {
      throw e;
    } catch (SqsException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      throw new StoreUnavailableException("SQS " + what + " failed: " + code, e);
    } catch (SdkException e) {
      throw new StoreUnavailableException("SQS " + what + " failed", e);
    }
  }

  @Override
  public void open(TenantId tenant, String agentId) {
    String dlqUrl =
        call(
            "CreateQueue",
            () ->
                sqs.createQueue(
                        b ->
                            b.queueName(AgentQueues.deadLetterQueueName(prefix, tenant, agentId))
                                .attributes(AgentQueues.deadLetterAttributes()))
                    .queueUrl());
    String dlqArn =
        call(
            "GetQueueAttributes",
            () ->
                sqs.getQueueAttributes(
                        b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN));
    String url =
        call(
            "CreateQueue",
            () ->
                sqs.createQueue(
                        b ->
                            b.queueName(AgentQueues.queueName(prefix, tenant, agentId))
                                .attributes(
                                    AgentQueues.queueAttributes(
                                        dlqArn, visibilityTimeout, maxReceives)))
                    .queueUrl());
    urls.put(AgentQueues.queueName(prefix, tenant, agentId), url);
    urls.put(AgentQueues.deadLetterQueueName(prefix, tenant, agentId), dlqUrl);
  }

  private String url(String queueName, String agentId) {
    String cached = urls.get(queueName);
    if (cached != null) {
      return cached;
    }
    try {
      String url =
          call("GetQueueUrl", () -> sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl());
      urls.put(queueName, url);
      return url;
    } catch (QueueDoesNotExistException e) {
      throw new NotFoundException("no channel is open for agent " + agentId);
    }
  }

  private String queue(TenantId tenant, String agentId) {
    return url(AgentQueues.queueName(prefix, tenant, agentId), agentId);
  }

  @Override
  public void send(AgentCommand command) {
    String url = queue(command.tenant(), command.agentId());
    call(
        "SendMessage",
        () ->
            sqs.sendMessage(
                b ->
                    b.queueUrl(url)
                        .messageBody(JsonCodec.write(command))
                        .messageAttributes(
                            Map.of(
                                "commandId",
                                software.amazon.awssdk.services.sqs.model.MessageAttributeValue
                                    .builder()
                                    .dataType("String")
                                    .stringValue(command.commandId())
                                    .build()))));
  }

  @Override
  public List<ReceivedCommand> receive(TenantId tenant, String agentId, int max, Duration wait) {
    String url = queue(tenant, agentId);
    int waitSeconds = (int) Math.min(MAX_WAIT_SECONDS, (wait.toMillis() + 999) / 1000);
    List<Message> messages =
        call(
            "ReceiveMessage",
            () ->
                sqs.receiveMessage(
                        b ->
                            b.queueUrl(url)
                                .maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                                .waitTimeSeconds(waitSeconds)
                                .messageSystemAttributeNames(
                                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .messages());
    List<ReceivedCommand> out = new ArrayList<>(messages.size());
    for (Message m : messages) {
      String count = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
      out.add(
          new ReceivedCommand(
              JsonCodec.read(m.body(), AgentCommand.class),
              m.receiptHandle(),
              count == null ? 1 : Integer.parseInt(count)));
    }
    return out;
  }

  @Override
  public void ack(TenantId tenant, String agentId, String receipt) {
    String url = queue(tenant, agentId);
    try {
      call("DeleteMessage", () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(receipt)));
    } catch (ReceiptHandleIsInvalidException alreadyGone) {
      // acknowledging twice is fine
    }
  }

  @Override
  public void extendVisibility(
      TenantId tenant, String agentId, String receipt, Duration extension) {
    String url = queue(tenant, agentId);
    try {
      call(
          "ChangeMessageVisibility",
          () ->
              sqs.changeMessageVisibility(
                  b ->
                      b.queueUrl(url)
                          .receiptHandle(receipt)
                          .visibilityTimeout((int) extension.toSeconds())));
    } catch (ReceiptHandleIsInvalidException e) {
      throw new NotFoundException("receipt is no longer current for agent " + agentId);
    }
  }

  @Override
  public List<AgentCommand> drainDeadLetters(TenantId tenant, String agentId, int max) {
    String url = url(AgentQueues.deadLetterQueueName(prefix, tenant, agentId), agentId);
    List<Message> messages =
        call(
            "ReceiveMessage",
            () ->
                sqs.receiveMessage(
                        b ->
                            b.queueUrl(url)
                                .maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                                .waitTimeSeconds(0))
                    .messages());
    List<AgentCommand> out = new ArrayList<>();
    for (Message m : messages) {
      out.add(JsonCodec.read(m.body(), AgentCommand.class));
      call(
          "DeleteMessage",
          () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
    }
    return out;
  }
}
