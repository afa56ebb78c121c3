/**
 * Expressions in pipeline files: CEL conditions ({@code when}) and {@code ${...}} interpolation,
 * type-checked when a file is validated and evaluated, sandboxed and bounded, when it runs.
 */
package dev.gennaker.core.pipeline.expr;
