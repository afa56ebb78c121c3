/**
 * {@code gennaker asl}: run one state machine execution on the local ASL engine ({@code asl run},
 * with scripted task outcomes) and validate definitions ({@code asl validate}).
 */
package dev.gennaker.local.asl;
