/**
 * Benchmarks of the adapters against their local engines. Plain {@code main()} classes, never run
 * by the unit tests: {@code ./mvnw -o -pl functions/core,functions/aws -am verify -Pbench
 * -DskipTests}.
 */
package dev.gennaker.aws.bench;
