/**
 * The agent's port to the control plane ({@link dev.gennaker.agent.controlplane.ControlPlane}), the
 * messages it carries, and its HTTP adapter. The route contract is {@code docs/agent-protocol.md}.
 */
package dev.gennaker.agent.controlplane;
