/**
 * The local Step Functions: an Amazon States Language engine that runs Gennaker's state machine
 * definitions without AWS.
 */
package dev.gennaker.statemachines;
