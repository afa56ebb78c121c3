/**
 * Health of Kubernetes objects as a closed set of states ({@link
 * dev.gennaker.agent.health.HealthState}) computed by one pure function per kind ({@link
 * dev.gennaker.agent.health.ResourceHealth}), in the style of argoproj/gitops-engine.
 */
package dev.gennaker.agent.health;
