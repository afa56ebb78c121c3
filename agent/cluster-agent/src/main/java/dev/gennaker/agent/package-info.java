/**
 * The Gennaker cluster agent: runs inside a tenant's Kubernetes cluster, dials out to the control
 * plane, takes commands, does the Kubernetes work with the fabric8 client and reports back. {@link
 * dev.gennaker.agent.AgentMain} wires it by hand from environment variables.
 */
package dev.gennaker.agent;
