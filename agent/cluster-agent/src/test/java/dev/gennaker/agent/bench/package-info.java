/**
 * The agent benchmark: a plain {@code main()} run by hand (not by the unit tests). See {@code
 * docs/agent.md}, section "Benchmark".
 */
package dev.gennaker.agent.bench;
