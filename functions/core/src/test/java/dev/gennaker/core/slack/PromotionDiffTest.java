package dev.gennaker.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison lines of {@link PromotionDiff}, from bake outputs. */
class PromotionDiffTest {
  private static PromotionDiff.Bound bound(String images, String configs) {
    return PromotionDiff.bound(Map.of("images", images, "configVersions", configs));
  }

  /** Lines follow the workloads' order (kind/name/container), configs after images. */
  @Test
  void changedTags_changedRepositories_newImages_andConfigs_areEachOneLine() {
    var now =
        bound(
            "Deployment/api/api=ghcr.io/demo/api:1.4.2,Deployment/api/proxy=envoyproxy/envoy:v1.30.1,"
                + "Deployment/web/web=ghcr.io/demo/web:2.0.0",
            "api-config-v003,web-config-v001");
    var next =
        bound(
            "Deployment/api/api=ghcr.io/demo/api:1.5.0,Deployment/api/proxy=ghcr.io/demo/envoy:v1.31.0,"
                + "Deployment/web/web=ghcr.io/demo/web:2.0.0,Deployment/jobs/jobs=ghcr.io/demo/jobs:0.1.0",
            "api-config-v004,web-config-v001,jobs-config-v001");

    assertThat(PromotionDiff.compare(now, next))
        .containsExactly(
            "api: ghcr.io/demo/api 1.4.2 → 1.5.0",
            "proxy: envoyproxy/envoy:v1.30.1 → ghcr.io/demo/envoy:v1.31.0",
            "jobs: ghcr.io/demo/jobs:0.1.0 (new)",
            "config api-config: v003 → v004 (changed)",
            "config jobs-config: v001 (new)",
            "unchanged: 1 image, 1 config");
  }

  @Test
  void nothingChanged_isSaid() {
    var same = bound("Deployment/api/api=ghcr.io/demo/api:1.4.2", "");
    assertThat(PromotionDiff.compare(same, same)).containsExactly("unchanged: 1 image, 0 configs");
    var none = bound("", "");
    assertThat(PromotionDiff.compare(none, none)).containsExactly("no image or config change");
  }

  @Test
  void repositoriesAndVersions_ofTagsDigestsAndPorts() {
    assertThat(PromotionDiff.repository("registry:5000/team/app:1.2"))
        .isEqualTo("registry:5000/team/app");
    assertThat(PromotionDiff.repository("registry:5000/team/app"))
        .isEqualTo("registry:5000/team/app");
    assertThat(PromotionDiff.version("registry:5000/team/app")).isEqualTo("latest");
    assertThat(PromotionDiff.repository("ghcr.io/demo/api@sha256:0123456789abcdef0123456789"))
        .isEqualTo("ghcr.io/demo/api");
    assertThat(PromotionDiff.version("ghcr.io/demo/api@sha256:0123456789abcdef0123456789"))
        .isEqualTo("sha256:0123456789ab");
  }
}
