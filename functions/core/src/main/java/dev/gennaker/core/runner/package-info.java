/**
 * Running pipeline executions: the use cases the per-tenant runner state machine calls (plan the
 * ready stages, run one, record a failure, finish) and the ones the API calls (start, complete a
 * waiting stage, cancel), with the stage executors per stage type. State lives in the stores; the
 * state machine carries ids only.
 */
package dev.gennaker.core.runner;
