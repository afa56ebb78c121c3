/**
 * Stage types: each is one class declaring its kind, its typed {@code with} block, how that block
 * is read and validated, and its outputs; {@link dev.gennaker.core.pipeline.stage.StageTypes} lists
 * them all.
 */
package dev.gennaker.core.pipeline.stage;
