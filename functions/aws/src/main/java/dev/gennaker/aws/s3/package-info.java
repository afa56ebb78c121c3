/** The blob store on S3: one bucket, one key prefix per tenant ({@code tenants/<tenant>/}). */
package dev.gennaker.aws.s3;
