package dev.gennaker.slack.aws;

import dev.gennaker.slack.SlackWork;
import dev.gennaker.slack.SlackWorkQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link SlackWorkQueue} on the SQS queue {@code <GENNAKER_QUEUE_PREFIX>slack-work}: one message
 * per work item, its body {@link SlackWork#toJson}. The queue's URL is looked up once, on first
 * use. {@code dev.gennaker.slack.lambda.SlackWorkHandler} consumes the queue.
 */
public final class SqsSlackWorkQueue implements SlackWorkQueue {
  /** The queue's name after the deployment's queue prefix. */
  public static final String QUEUE = "slack-work";

  private final SqsClient sqs;
  private final String queueName;
  private volatile String queueUrl;

  /**
   * @param queuePrefix the control plane's {@code GENNAKER_QUEUE_PREFIX}
   */
  public SqsSlackWorkQueue(SqsClient sqs, String queuePrefix) {
    this.sqs = sqs;
    this.queueName = queuePrefix + QUEUE;
  }

  public String queueName() {
    return queueName;
  }

  @Override
  public void submit(SlackWork work) {
    try {
      String url = queueUrl;
      if (url == null) {
        url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        queueUrl = url;
      }
      String target = url;
      sqs.sendMessage(b -> b.queueUrl(target).messageBody(work.toJson()));
    } catch (SdkException e) {
      throw new IllegalStateException(
          "the queue " + queueName + " did not take the work: " + e.getMessage(), e);
    }
  }
}
