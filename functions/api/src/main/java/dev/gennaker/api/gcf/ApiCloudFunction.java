package dev.gennaker.api.gcf;

import dev.gennaker.api.ApiFunction;
import dev.gennaker.api.ApiWiring;
import dev.gennaker.aws.ControlPlane;
import dev.gennaker.core.runner.Notifier;

/**
 * The API as a Google Cloud Function ({@code --entry-point dev.gennaker.api.gcf.ApiCloudFunction}),
 * wired from the environment like the Lambda handler; the stores are the same.
 */
public final class ApiCloudFunction extends CloudFunctionsHttpAdapter {

  public ApiCloudFunction() {
    this(ControlPlane.fromEnvironment(System.getenv()));
  }

  public ApiCloudFunction(ControlPlane plane) {
    super(new ApiFunction(ApiWiring.services(plane, Notifier.NONE)));
  }
}
