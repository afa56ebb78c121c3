/** The audit log: who did what, when, to which object. Append-only: no update, no delete. */
package dev.gennaker.core.audit;
