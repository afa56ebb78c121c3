/** Slack: notifications updated in place and approval buttons. */
package dev.gennaker.slack;
