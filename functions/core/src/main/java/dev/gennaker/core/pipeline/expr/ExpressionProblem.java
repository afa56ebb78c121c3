package dev.gennaker.core.pipeline.expr;

/**
 * A problem in an expression.
 *
 * @param offset where in the expression source it is (0-based), or -1 when unknown
 */
public record ExpressionProblem(int offset, String message) {}
