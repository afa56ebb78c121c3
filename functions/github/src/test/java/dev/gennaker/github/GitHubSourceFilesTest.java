package dev.gennaker.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gennaker.core.source.SourceFiles;
import dev.gennaker.core.store.StoreUnavailableException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubSourceFilesTest {
  private static final String SHA = "3c1f0e9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
  private final WebhookFixture f = new WebhookFixture();
  private final GitHubSourceFiles files = new GitHubSourceFiles(f.api);

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void folder_listsRecursively_andDecodesBase64Content() {
    f.github
        .on("GET /repos/acme/orders/contents/.gennaker?ref=" + SHA, 200, "contents-gennaker.json")
        .on(
            "GET /repos/acme/orders/contents/.gennaker/pipeline.yml?ref=" + SHA,
            200,
            "contents-pipeline-valid.json")
        .on("GET /repos/acme/orders/contents/.gennaker/templates?ref=" + SHA, 200, "[]");
    List<SourceFiles.SourceFile> got = files.folder(f.acme(), "acme/orders", SHA, ".gennaker");
    // README.md answers 404 from the stand-in: a file gone between listing and reading is skipped
    assertThat(got)
        .extracting(SourceFiles.SourceFile::path)
        .containsExactly(".gennaker/pipeline.yml");
    assertThat(got.get(0).text())
        .startsWith("apiVersion: gennaker.dev/v1\n")
        .contains("name: orders-release");
  }

  @Test
  void missingFolder_isEmpty() {
    assertThat(files.folder(f.acme(), "acme/orders", SHA, "deploy/k8s")).isEmpty();
  }

  @Test
  void serverErrors_areRetryableFailures_withoutTheToken() {
    f.github.on("GET /repos/acme/orders/contents/deploy?ref=" + SHA, 503, "error-server.json");
    assertThatThrownBy(() -> files.folder(f.acme(), "acme/orders", SHA, "deploy"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("503")
        .hasMessageNotContaining(WebhookFixture.ACME_TOKEN);
  }

  @Test
  void refusals_sayWhy() {
    f.github.on(
        "GET /repos/acme/orders/contents/deploy?ref=" + SHA,
        401,
        "{\"message\":\"Bad credentials\",\"status\":\"401\"}");
    assertThatThrownBy(() -> files.folder(f.acme(), "acme/orders", SHA, "deploy"))
        .isInstanceOf(GitHubApi.GitHubApiException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("Bad credentials");
  }
}
