package dev.gennaker.aws.s3;

import dev.gennaker.core.blob.Blob;
import dev.gennaker.core.blob.BlobRef;
import dev.gennaker.core.blob.BlobStore;
import dev.gennaker.core.store.StoreUnavailableException;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link BlobStore} on one S3 bucket. A blob's object key is {@code tenants/<tenant>/<key>}; {@link
 * BlobRef} forbids {@code ..} and empty segments, so no key leaves its tenant's prefix, and an IAM
 * policy can scope by that prefix.
 */
public final class S3BlobStore implements BlobStore {
  private final S3Client s3;
  private final String bucket;

  public S3BlobStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** The object key of a blob. */
  public static String objectKey(BlobRef ref) {
    return "tenants/" + ref.tenant().value() + "/" + ref.key();
  }

  private static <T> T call(String what, BlobRef ref, Supplier<T> request) {
    try {
      return request.get();
    } catch (NoSuchKeyException e) {
      throw e;
    } catch (S3Exception e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      throw new StoreUnavailableException(
          "S3 " + what + " of " + ref.key() + " failed: " + code, e);
    } catch (SdkException e) {
      throw new StoreUnavailableException("S3 " + what + " of " + ref.key() + " failed", e);
    }
  }

  @Override
  public void put(BlobRef ref, Blob blob) {
    call(
        "PutObject",
        ref,
        () ->
            s3.putObject(
                b -> b.bucket(bucket).key(objectKey(ref)).contentType(blob.contentType()),
                RequestBody.fromBytes(blob.content())));
  }

  @Override
  public Optional<Blob> get(BlobRef ref) {
    try {
      ResponseBytes<GetObjectResponse> bytes =
          call(
              "GetObject",
              ref,
              () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey(ref))));
      String type = bytes.response().contentType();
      return Optional.of(
          new Blob(bytes.asByteArray(), type == null ? "application/octet-stream" : type));
    } catch (NoSuchKeyException absent) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(BlobRef ref) {
    call("DeleteObject", ref, () -> s3.deleteObject(b -> b.bucket(bucket).key(objectKey(ref))));
  }
}
