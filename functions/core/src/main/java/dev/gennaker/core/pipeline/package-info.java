/**
 * Pipelines as code: the typed model of a pipeline file, its parser and validator, the expression
 * language, and the DAG planner that decides which stages run next.
 */
package dev.gennaker.core.pipeline;
