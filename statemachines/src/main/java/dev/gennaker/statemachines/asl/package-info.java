/**
 * The Amazon States Language itself, independent of how executions are scheduled: the definition
 * model and its validation ({@link dev.gennaker.statemachines.asl.Definitions}), JSONPath data flow
 * ({@link dev.gennaker.statemachines.asl.Paths}, {@link dev.gennaker.statemachines.asl.Templates}),
 * the {@code States.*} intrinsic functions, Choice rule evaluation and the JSONata query language.
 * Everything here is pure and thread-safe: values are Jackson trees that are never mutated once
 * shared.
 */
package dev.gennaker.statemachines.asl;
