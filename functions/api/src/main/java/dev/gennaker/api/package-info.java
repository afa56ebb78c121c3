/** The hosted API: routes over core's use cases, answering JSON and problem documents. */
package dev.gennaker.api;
