/** Serves the HTTP functions on one local port with the JDK's HTTP server (the local mode). */
package dev.gennaker.api.local;
