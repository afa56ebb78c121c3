package dev.gennaker.aws.sqs;

import dev.gennaker.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The one definition of an agent's queues: their names and attributes. A name reads {@code
 * <prefix>-<tenant>-<16 hex of SHA-256(tenant/agent)>} (SQS allows 80 characters of letters,
 * digits, {@code -} and {@code _}; agent ids may hold other characters, so they are hashed), and
 * the dead-letter queue adds {@code -dlq}.
 */
public final class AgentQueues {
  /** Dead letters are kept for the SQS maximum, 14 days, for inspection. */
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

  private AgentQueues() {}

  public static String queueName(String prefix, TenantId tenant, String agentId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((tenant.value() + "/" + agentId).getBytes(StandardCharsets.UTF_8));
      return prefix + "-" + tenant.value() + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String deadLetterQueueName(String prefix, TenantId tenant, String agentId) {
    return queueName(prefix, tenant, agentId) + "-dlq";
  }

  public static Map<QueueAttributeName, String> deadLetterAttributes() {
    return Map.of(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD,
        Long.toString(DEAD_LETTER_RETENTION.toSeconds()));
  }

  public static Map<QueueAttributeName, String> queueAttributes(
      String deadLetterArn, Duration visibilityTimeout, int maxReceives) {
    return Map.of(
        QueueAttributeName.VISIBILITY_TIMEOUT,
        Long.toString(visibilityTimeout.toSeconds()),
        QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\""
            + deadLetterArn
            + "\",\"maxReceiveCount\":\""
            + maxReceives
            + "\"}");
  }
}
