/**
 * The agent's run loop: registration, long-polling for commands, running them once per id,
 * delivering results until acknowledged, heartbeats with progress, backoff, and the health
 * endpoint.
 */
package dev.gennaker.agent.runtime;
