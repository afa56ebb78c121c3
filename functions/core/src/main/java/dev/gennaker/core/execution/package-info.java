/**
 * Executions of pipelines, the record of each stage within them, and the execution timeline. Items
 * stay small: manifests, logs and other large values live in the blob store and are referenced
 * here.
 */
package dev.gennaker.core.execution;
