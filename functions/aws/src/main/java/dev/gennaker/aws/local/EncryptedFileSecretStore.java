package dev.gennaker.aws.local;

import dev.gennaker.core.secret.SecretRef;
import dev.gennaker.core.secret.SecretStore;
import dev.gennaker.core.secret.SecretValue;
import dev.gennaker.core.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link SecretStore} for local mode: one file per secret under {@code dataDirectory}, each
 * AES-256-GCM encrypted with a fresh 12-byte nonce. The key lives in {@code keyFile}, which must be
 * outside {@code dataDirectory} (so copying or backing up the data does not copy the key); it is
 * created with owner-only permissions when absent. The tenant and secret name are authenticated as
 * associated data, so a file moved to another tenant's or secret's path does not decrypt. Nothing
 * here logs, and no exception message carries a value.
 */
public final class EncryptedFileSecretStore implements SecretStore {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dataDirectory;
  private final SecretKey key;

  public EncryptedFileSecretStore(Path dataDirectory, Path keyFile) {
    this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
    Path keyPath = keyFile.toAbsolutePath().normalize();
    if (keyPath.startsWith(this.dataDirectory)) {
      throw new IllegalArgumentException(
          "the secret key file must be outside the directory it protects: " + keyPath);
    }
    this.key = loadOrCreateKey(keyPath);
  }

  private static SecretKey loadOrCreateKey(Path keyPath) {
    try {
      if (!Files.exists(keyPath)) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        Files.createDirectories(keyPath.getParent());
        try {
          Files.createFile(
              keyPath,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.write(keyPath, fresh);
        } catch (FileAlreadyExistsException createdMeanwhile) {
          // another process created it first; use theirs
        } catch (UnsupportedOperationException notPosix) {
          Files.write(keyPath, fresh);
        }
      }
      byte[] bytes = Files.readAllBytes(keyPath);
      if (bytes.length != 32) {
        throw new IllegalStateException("secret key file must hold 32 bytes: " + keyPath);
      }
      return new SecretKeySpec(bytes, "AES");
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot read or create the secret key file", e);
    }
  }

  private Path file(SecretRef ref) {
    return dataDirectory.resolve(ref.tenant().value()).resolve(ref.name() + ".secret");
  }

  private static byte[] associatedData(SecretRef ref) {
    return (ref.tenant().value() + "/" + ref.name()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void put(SecretRef ref, SecretValue value) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(ref));
      byte[] sealed = cipher.doFinal(value.reveal().getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      Path target = file(ref);
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".tmp-", "");
      try {
        Files.write(temp, out);
        try {
          Files.move(
              temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new StoreUnavailableException("cannot write secret " + ref.name(), e);
    }
  }

  @Override
  public Optional<SecretValue> get(SecretRef ref) {
    byte[] in;
    try {
      in = Files.readAllBytes(file(ref));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot read secret " + ref.name(), e);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(ref));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return Optional.of(SecretValue.of(new String(plain, StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // Wrong key, tampered file, or a file copied from another secret's path.
      throw new StoreUnavailableException(
          "secret " + ref.name() + " does not decrypt with this key", e);
    }
  }

  @Override
  public void delete(SecretRef ref) {
    try {
      Files.deleteIfExists(file(ref));
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot delete secret " + ref.name(), e);
    }
  }
}
