/**
 * A SIMULATED Kubernetes cluster: a test and demo fixture, never a real cluster.
 *
 * <p>It is fabric8's Kubernetes API mock in CRUD mode, extended with what Gennaker's agent needs
 * from a cluster: server-side apply (create or replace, with {@code managedFields} recording the
 * field manager and conflicts between managers), strategic merge patch for the common kinds, JSON
 * merge patch that replaces lists, pod logs, and a rollout simulator (a small controller that
 * creates ReplicaSets and Pods, moves workload status over configurable time, completes Jobs and
 * can be told to fail a rollout). The tests of the agent and the local demo mode run against it.
 */
package dev.gennaker.simcluster;
