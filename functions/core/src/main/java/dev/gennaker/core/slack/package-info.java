/**
 * Slack as the domain sees it: which workspace a tenant connected ({@link
 * dev.gennaker.core.slack.SlackConnections}), which Slack user is which member, and which Slack
 * message shows which execution or approval ({@link dev.gennaker.core.slack.SlackMessages}), so a
 * message is updated in place instead of posted again. No Slack SDK here: sending lives in the
 * {@code slack} function module. Bot tokens and signing secrets live in the {@link
 * dev.gennaker.core.secret.SecretStore}, never in these records.
 */
package dev.gennaker.core.slack;
