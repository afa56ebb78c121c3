/**
 * Large values (rendered manifests, logs) kept out of store items: written to a blob store under
 * the tenant's prefix and referenced by {@link dev.gennaker.core.blob.BlobRef}.
 */
package dev.gennaker.core.blob;
