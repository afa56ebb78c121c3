/**
 * What the agent keeps in its own namespace so that a restarted agent carries on: its credential (a
 * Secret) and its command journal (a ConfigMap).
 */
package dev.gennaker.agent.state;
