/**
 * The Slack functions' own AWS adapters: the directory of connected tenants on the single DynamoDB
 * table, and the {@code slack-work} SQS queue interactions' work goes through.
 */
package dev.gennaker.slack.aws;
