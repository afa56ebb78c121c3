/**
 * The command channel from the control plane to one agent: a per-agent queue with redelivery on
 * visibility timeout and a dead-letter queue after a bounded number of receives. Commands carry
 * ids; agents de-duplicate on them because delivery is at least once.
 */
package dev.gennaker.core.agent;
