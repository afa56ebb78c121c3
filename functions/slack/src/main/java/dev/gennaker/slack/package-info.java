/**
 * Slack: {@link dev.gennaker.slack.SlackNotifier} posts one Block Kit message per execution and
 * updates it in place, posts approval messages with Approve / Reject buttons and closes them once
 * decided; {@link dev.gennaker.slack.SlackFunction} receives the button clicks (signature-checked,
 * answered at once, decided through {@link dev.gennaker.core.runner.DecideApproval}) and serves the
 * tenant routes that connect a workspace; {@link dev.gennaker.slack.SlackApi} is the Web API client
 * with its retries. See {@code docs/slack.md}.
 */
package dev.gennaker.slack;
