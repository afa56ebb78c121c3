/**
 * Runs state machine executions: the in-process Step Functions service ({@link
 * dev.gennaker.statemachines.engine.LocalStepFunctions}), executions interpreted as actors on a
 * small thread pool, task tokens, timers, in-process task functions and the append-only journal
 * that lets executions survive a restart.
 */
package dev.gennaker.statemachines.engine;
