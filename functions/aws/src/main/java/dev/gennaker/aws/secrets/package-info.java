/**
 * The secret store on AWS Secrets Manager: one secret per tenant secret, named {@code
 * <prefix>/<tenant>/<name>}, so IAM can scope access by tenant prefix.
 */
package dev.gennaker.aws.secrets;
