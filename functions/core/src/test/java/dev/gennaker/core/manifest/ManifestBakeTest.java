package dev.gennaker.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden test of the bake transforms on a real application (every reference path to ConfigMaps and
 * Secrets), and of versioning across successive bakes.
 */
class ManifestBakeTest {
  private static final Path DIR = Path.of("src/test/resources/manifests/orders");

  /** Remembers versions the way the control plane does between bakes. */
  static final class RecordedHistory implements ConfigVersioning.History {
    final Map<String, List<ConfigVersioning.ExistingVersion>> versions = new HashMap<>();

    @Override
    public List<ConfigVersioning.ExistingVersion> versions(String ns, String kind, String name) {
      return versions.getOrDefault(ns + "/" + kind + "/" + name, List.of());
    }

    void record(ManifestBake.Result result) {
      for (var v : result.configVersions()) {
        if (!v.reused()) {
          versions
              .computeIfAbsent(
                  v.namespace() + "/" + v.kind() + "/" + v.baseName(), k -> new ArrayList<>())
              .add(new ConfigVersioning.ExistingVersion(v.number(), v.contentHash()));
        }
      }
    }
  }

  private static List<ManifestObject> app() throws Exception {
    return Manifests.parse("deploy/k8s/app.yaml", Files.readString(DIR.resolve("app.yaml")));
  }

  private static ManifestBake.Context context(ConfigVersioning.History history, String... images) {
    return new ManifestBake.Context(
        "orders",
        "orders-release",
        "ex-7f3a",
        "bake",
        "orders",
        java.util.Arrays.stream(images).map(ImageReference::parse).toList(),
        history);
  }

  @Test
  void bake_matchesTheGoldenManifests() throws Exception {
    ManifestBake.Result result =
        ManifestBake.bake(
            app(),
            context(new RecordedHistory(), "ghcr.io/acme/orders:v1.4.2@sha256:" + "ab".repeat(32)));
    String expected =
        Files.readString(DIR.resolve("expected-first-bake.yaml"), StandardCharsets.UTF_8);
    assertThat(result.yaml()).isEqualTo(expected);
    assertThat(result.rewrittenReferences()).isEqualTo(9);
    assertThat(result.boundImages())
        .extracting(ImageBinding.Bound::container)
        .containsExactly("migrate", "orders");
  }

  @Test
  void firstBake_versionsEveryConfigMapAndSecret_exceptOptedOut() throws Exception {
    ManifestBake.Result result = ManifestBake.bake(app(), context(new RecordedHistory()));
    assertThat(result.configVersions())
        .extracting(ConfigVersioning.ConfigVersion::name)
        .containsExactly(
            "orders-config-v000", "orders-features-v000", "orders-db-v000", "orders-tls-v000");
    assertThat(names(result)).contains("shared-ca-bundle");
  }

  @Test
  void identicalContent_reusesTheVersion_changedContent_takesTheNextNumber() throws Exception {
    RecordedHistory history = new RecordedHistory();
    ManifestBake.Result first = ManifestBake.bake(app(), context(history));
    history.record(first);

    ManifestBake.Result same = ManifestBake.bake(app(), context(history));
    assertThat(same.configVersions()).allMatch(ConfigVersioning.ConfigVersion::reused);
    assertThat(same.yaml()).isEqualTo(first.yaml());

    List<ManifestObject> changed = app();
    changed.stream()
        .filter(o -> o.name().equals("orders-config"))
        .findFirst()
        .orElseThrow()
        .tree()
        .put("data", Map.of("LOG_LEVEL", "debug"));
    ManifestBake.Result second = ManifestBake.bake(changed, context(history));
    history.record(second);
    assertThat(names(second)).contains("orders-config-v001", "orders-features-v000");
    assertThat(envFromOfOrders(second)).isEqualTo("orders-config-v001");

    // Back to the first content: the old version is reused, so a rollback restores it exactly.
    ManifestBake.Result back = ManifestBake.bake(app(), context(history));
    assertThat(names(back)).contains("orders-config-v000");
  }

  @Test
  void versionNumbers_continueAfterTheHighestExisting() throws Exception {
    ConfigVersioning.History history =
        (ns, kind, name) ->
            name.equals("orders-db")
                ? List.of(
                    new ConfigVersioning.ExistingVersion(3, "aaaa"),
                    new ConfigVersioning.ExistingVersion(11, "bbbb"))
                : List.of();
    assertThat(names(ManifestBake.bake(app(), context(history)))).contains("orders-db-v012");
  }

  @Test
  void labelsAndAnnotations_doNotChangeTheContentHash() throws Exception {
    ManifestObject a = app().get(0);
    ManifestObject b = a.copy();
    b.annotations().put("team", "payments");
    assertThat(ConfigVersioning.contentHash(b)).isEqualTo(ConfigVersioning.contentHash(a));
  }

  @Test
  void images_areMatchedByRepository_neverBySubstring() throws Exception {
    ManifestBake.Result result =
        ManifestBake.bake(
            app(), context(new RecordedHistory(), "ghcr.io/acme/orders:v2", "nginx:1.28"));
    String yaml = result.yaml();
    assertThat(yaml)
        .contains("image: ghcr.io/acme/orders:v2")
        .contains("image: nginx:1.28")
        .contains("image: ghcr.io/acme/orders-worker:1.0")
        .contains("image: docker.io/acme/orders-report:2.1");
  }

  @Test
  void bake_doesNotChangeItsInput() throws Exception {
    List<ManifestObject> input = app();
    List<ManifestObject> copy = input.stream().map(ManifestObject::copy).toList();
    ManifestBake.bake(input, context(new RecordedHistory(), "ghcr.io/acme/orders:v9"));
    assertThat(input).isEqualTo(copy);
  }

  @Test
  void badManifests_nameTheFileAndLine() {
    assertThatThrownBy(() -> Manifests.parse("k8s/a.yaml", "apiVersion: v1\nkind: ConfigMap\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessage("k8s/a.yaml:1: ConfigMap has no metadata.name");
    assertThatThrownBy(
            () ->
                Manifests.parse(
                    "k8s/b.yaml",
                    "---\napiVersion: v1\nkind: X\nmetadata: {name: a}\n---\nmetadata:\n  name: b\n"))
        .hasMessage("k8s/b.yaml:6: the object has no apiVersion");
    assertThatThrownBy(() -> Manifests.parse("k8s/c.yaml", "apiVersion: v1\nkind: [\n"))
        .hasMessageStartingWith("k8s/c.yaml:3: invalid YAML");
    assertThatThrownBy(() -> Manifests.parse("k8s/d.yaml", "- a\n- b\n"))
        .hasMessage("k8s/d.yaml:1: a manifest must be a mapping (a Kubernetes object)");
  }

  @Test
  void duplicateObjects_areRefused() throws Exception {
    List<ManifestObject> twice = new ArrayList<>(app());
    twice.add(twice.get(0).copy());
    assertThatThrownBy(() -> ManifestBake.bake(twice, context(new RecordedHistory())))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("ConfigMap/orders-config is defined twice");
  }

  @Test
  void imageReferences_normaliseLikeContainerRuntimes() {
    assertThat(ImageReference.parse("nginx").repository()).isEqualTo("docker.io/library/nginx");
    assertThat(ImageReference.parse("acme/app:1").repository()).isEqualTo("docker.io/acme/app");
    assertThat(ImageReference.parse("localhost:5000/app:1").repository())
        .isEqualTo("localhost:5000/app");
    assertThat(ImageReference.parse("ghcr.io/a/b:v1@sha256:" + "0".repeat(64)))
        .isEqualTo(new ImageReference("ghcr.io/a/b", "v1", "sha256:" + "0".repeat(64)));
    assertThatThrownBy(() -> ImageReference.parse("a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> names(ManifestBake.Result result) {
    return result.objects().stream().map(ManifestObject::name).toList();
  }

  @SuppressWarnings("unchecked")
  private static String envFromOfOrders(ManifestBake.Result result) {
    ManifestObject deployment =
        result.objects().stream()
            .filter(o -> o.kind().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> container = PodSpecs.containers(PodSpecs.of(deployment)).get(1);
    var envFrom = (List<Map<String, Object>>) container.get("envFrom");
    return ((Map<String, Object>) envFrom.get(0).get("configMapRef")).get("name").toString();
  }
}
