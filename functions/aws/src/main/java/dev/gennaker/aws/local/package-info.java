/**
 * Adapters for local mode that need no AWS engine: blobs as files, and secrets in files encrypted
 * with AES-GCM under a key kept outside the directory it protects. They live here, not in core,
 * because they do I/O and key management (adapter work), while core keeps only the domain and its
 * in-memory test doubles; local mode already depends on this module for DynamoDB Local and
 * ElasticMQ endpoints.
 */
package dev.gennaker.aws.local;
