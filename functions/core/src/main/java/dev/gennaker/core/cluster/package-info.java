/**
 * Clusters (stable ids, changeable display names) and the agents installed in them: namespace
 * allow-list, hashed credential, last heartbeat. Pipelines name clusters by id, never by display
 * name.
 */
package dev.gennaker.core.cluster;
