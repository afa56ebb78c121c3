/**
 * The runner's task functions: JSON in, JSON out, one call into core's runner use cases each. The
 * same functions run as AWS Lambda handlers and in-process under the local ASL engine.
 */
package dev.gennaker.stages;
