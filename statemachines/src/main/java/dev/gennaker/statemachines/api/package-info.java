/**
 * The Step Functions API over HTTP, AWS JSON 1.0 protocol ({@code X-Amz-Target:
 * AWSStepFunctions.<Operation>}), served by the JDK's HTTP server over {@link
 * dev.gennaker.statemachines.engine.LocalStepFunctions}, so that the AWS SDK's {@code SfnClient}
 * and the AWS CLI work against the local engine through an endpoint override.
 */
package dev.gennaker.statemachines.api;
