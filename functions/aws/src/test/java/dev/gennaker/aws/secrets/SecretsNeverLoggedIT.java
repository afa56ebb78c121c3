package dev.gennaker.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gennaker.core.secret.SecretStoreContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after every unit test of core and of this module (failsafe, integration-test phase) and
 * greps everything they printed or logged, as surefire captured it (stdout, stderr and
 * java.util.logging, including DynamoDB Local's and ElasticMQ's output), for the canary prefix that
 * every secret value written by the secret store suites carries.
 */
class SecretsNeverLoggedIT {
  private static final List<Path> REPORTS =
      List.of(Path.of("target/surefire-reports"), Path.of("../core/target/surefire-reports"));

  @Test
  void noSecretValue_appearsInAnyOutputOfTheSuite() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : REPORTS) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> listing = Files.list(dir)) {
          listing
              .filter(p -> p.toString().endsWith(".txt") || p.toString().endsWith(".xml"))
              .forEach(files::add);
        }
      }
    }
    boolean secretSuitesRan =
        files.stream()
            .anyMatch(p -> p.getFileName().toString().contains("SecretsManagerSecretStoreTest"));
    // A run narrowed with -Dtest may leave the secret suites out: then there is nothing to grep.
    Assumptions.assumeTrue(
        secretSuitesRan || System.getProperty("test") == null,
        "secret store suites were filtered out by -Dtest; nothing to grep");
    // The grep only means something if the secret suites actually ran before it.
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains(
            "TEST-dev.gennaker.aws.secrets.SecretsManagerSecretStoreTest.xml",
            "TEST-dev.gennaker.aws.local.EncryptedFileSecretStoreTest.xml");
    List<String> leaks = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.contains(SecretStoreContract.CANARY_PREFIX)) {
        leaks.add(file.getFileName().toString());
      }
    }
    assertThat(leaks).as("files that contain a secret value").isEmpty();
  }
}
