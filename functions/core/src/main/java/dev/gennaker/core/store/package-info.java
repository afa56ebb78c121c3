/**
 * Concerns shared by every store: the exception hierarchy adapters translate their failures into,
 * signed page tokens bound to a tenant and a query, idempotency records for inbound deliveries, and
 * the pipeline store (pipeline files as applied, every version kept).
 */
package dev.gennaker.core.store;
