/**
 * Tenants, their members and roles, and API keys: who may do what inside one tenant. API keys are
 * issued here ({@link dev.gennaker.core.tenant.ApiKeys}) and stored only as a SHA-256 hash plus a
 * short visible prefix.
 */
package dev.gennaker.core.tenant;
