/**
 * What starts pipelines besides a person: pushes, tags, pull requests and releases of a GitHub
 * repository, image pushes to a registry, schedules, and the end of another pipeline. Pure matching
 * of events against a pipeline's triggers, the trigger context an execution records, deterministic
 * execution ids (so a redelivered event never starts twice), and the ports that remember deliveries
 * and schedule firings, with in-memory implementations.
 */
package dev.gennaker.core.trigger;
