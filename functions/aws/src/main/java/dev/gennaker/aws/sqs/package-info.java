/**
 * The agent command channel on SQS: one standard queue per agent with a dead-letter queue (redrive
 * after N receives). {@link dev.gennaker.aws.sqs.AgentQueues} names and defines them in one place
 * for bootstrap code, tests and Terraform.
 */
package dev.gennaker.aws.sqs;
