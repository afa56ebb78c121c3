/** The `gennaker` command line and the embedded local runtime it starts. */
package dev.gennaker.local;
