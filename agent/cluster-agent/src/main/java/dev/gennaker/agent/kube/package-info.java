/**
 * The Kubernetes work: reading manifests, the namespace allow-list, server-side apply with tracking
 * annotations, waiting for stability, the deployment strategies and the other commands.
 */
package dev.gennaker.agent.kube;
