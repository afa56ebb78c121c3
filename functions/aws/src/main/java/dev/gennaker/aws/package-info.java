/**
 * Adapters from core's ports to AWS services (DynamoDB, SQS, S3, Secrets Manager) and to the local
 * machine (filesystem blobs, encrypted secrets file). Each adapter translates its SDK's exceptions
 * into core's own unchecked {@link dev.gennaker.core.store.StoreException} hierarchy and runs the
 * same contract suite as every other implementation of its port.
 */
package dev.gennaker.aws;
