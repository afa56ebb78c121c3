/**
 * The single DynamoDB table behind every store: its definition ({@link
 * dev.gennaker.aws.dynamodb.TableSchema}, the one source of truth for keys and indexes), the item
 * key layout ({@link dev.gennaker.aws.dynamodb.ItemKeys}) and one adapter per store port. No code
 * here scans: every read is a GetItem or a Query on a key that starts with the tenant id. See
 * {@code docs/storage.md}.
 */
package dev.gennaker.aws.dynamodb;
