package dev.gennaker.aws.secrets;

import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.StoreUnavailableException;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * {@link SecretStore} on AWS Secrets Manager. A put writes a new version of an existing secret or
 * creates it; a delete removes it without the recovery window, so the name can be reused at once
 * (an agent re-registered with the same id). Exception messages name the secret, never the value;
 * SDK exceptions from Secrets Manager never echo secret strings either.
 */
public final class SecretsManagerSecretStore implements SecretStore {
  private final SecretsManagerClient secrets;
  private final String prefix;

  /** {@code prefix} is the installation's name prefix, e.g. {@code gennaker}. */
  public SecretsManagerSecretStore(SecretsManagerClient secrets, String prefix) {
    this.secrets = secrets;
    this.prefix = prefix;
  }

  /** The Secrets Manager name of a tenant's secret. */
  public String secretId(SecretRef ref) {
    return prefix + "/" + ref.tenant().value() + "/" + ref.name();
  }

  private static <T> T call(String what, SecretRef ref, Supplier<T> request) {
    try {
      return request.get();
    } catch (ResourceNotFoundException | ResourceExistsException e) {
      throw e;
    } catch (SecretsManagerException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      throw new StoreUnavailableException(
          "Secrets Manager " + what + " of " + ref.name() + " failed: " + code, e);
    } catch (SdkException e) {
      throw new StoreUnavailableException(
          "Secrets Manager " + what + " of " + ref.name() + " failed", e);
    }
  }

  @Override
  public void put(SecretRef ref, SecretValue value) {
    String id = secretId(ref);
    try {
      call(
          "PutSecretValue",
          ref,
          () -> secrets.putSecretValue(b -> b.secretId(id).secretString(value.reveal())));
    } catch (ResourceNotFoundException absent) {
      try {
        call(
            "CreateSecret",
            ref,
            () -> secrets.createSecret(b -> b.name(id).secretString(value.reveal())));
      } catch (ResourceExistsException createdMeanwhile) {
        call(
            "PutSecretValue",
            ref,
            () -> secrets.putSecretValue(b -> b.secretId(id).secretString(value.reveal())));
      }
    }
  }

  @Override
  public Optional<SecretValue> get(SecretRef ref) {
    try {
      String text =
          call(
              "GetSecretValue",
              ref,
              () -> secrets.getSecretValue(b -> b.secretId(secretId(ref))).secretString());
      return Optional.of(SecretValue.of(text));
    } catch (ResourceNotFoundException absent) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(SecretRef ref) {
    try {
      call(
          "DeleteSecret",
          ref,
          () ->
              secrets.deleteSecret(
                  b -> b.secretId(secretId(ref)).forceDeleteWithoutRecovery(true)));
    } catch (ResourceNotFoundException absent) {
      // already gone
    }
  }
}
