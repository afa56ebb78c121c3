package dev.gennaker.aws.dynamodb;

import dev.gennaker.core.store.SortableTime;
import dev.gennaker.core.tenant.TenantId;
import java.time.Instant;

/**
 * The key layout of every item (see {@code docs/storage.md}). Every partition key starts with
 * {@code T#<tenant>}; tenant ids and other key parts cannot contain {@code #} (core validates
 * them), so no crafted id can reach another tenant's partition.
 */
final class ItemKeys {
  private ItemKeys() {}

  static String tenant(TenantId t) {
    return "T#" + t.value();
  }

  static String pipeline(TenantId t, String application, String pipeline) {
    return tenant(t) + "#PIPELINE#" + application + "#" + pipeline;
  }

  static String pipelineVersion(int version) {
    return "V#" + String.format("%010d", version);
  }

  static String pipelines(TenantId t) {
    return tenant(t) + "#PIPELINES";
  }

  static String execution(TenantId t, String executionId) {
    return tenant(t) + "#EX#" + executionId;
  }

  static String executions(TenantId t) {
    return tenant(t) + "#EXECUTIONS";
  }

  static String activeExecutions(TenantId t) {
    return tenant(t) + "#EXECUTIONS#ACTIVE";
  }

  static String executionsOfPipeline(TenantId t, String application, String pipeline) {
    return pipeline(t, application, pipeline) + "#EXECUTIONS";
  }

  static String pendingApprovals(TenantId t) {
    return tenant(t) + "#APPROVALS#PENDING";
  }

  static String agentsOfCluster(TenantId t, String clusterId) {
    return tenant(t) + "#CLUSTER#" + clusterId;
  }

  static String audit(TenantId t) {
    return tenant(t) + "#AUDIT";
  }

  static String delivery(TenantId t, String source, String deliveryId) {
    return tenant(t) + "#DELIVERY#" + source + "#" + deliveryId;
  }

  static String time(Instant at) {
    return SortableTime.format(at);
  }
}
