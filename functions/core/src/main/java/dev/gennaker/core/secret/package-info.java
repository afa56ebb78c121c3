/**
 * Secrets of a tenant (webhook secrets, Slack tokens, agent registration tokens). {@link
 * dev.gennaker.core.secret.SecretValue} never prints its content, so secrets stay out of logs,
 * exception messages and execution history.
 */
package dev.gennaker.core.secret;
