package dev.gennaker.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The install manifest the portal hands out parses as real Kubernetes objects. */
class InstallManifestTest {

  private static String template() throws IOException {
    try (var in = InstallManifestTest.class.getResourceAsStream("/install/agent.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<HasMetadata> rendered() throws IOException {
    String yaml = template();
    for (Map.Entry<String, String> e :
        Map.of(
                "AGENT_NAMESPACE", "gennaker-agent",
                "REGISTRATION_TOKEN", "reg-123",
                "CONTROL_PLANE_URL", "https://api.gennaker.example/",
                "TARGET_NAMESPACE", "shop",
                "AGENT_IMAGE", "ghcr.io/gennaker/agent:0.1.0")
            .entrySet()) {
      yaml = yaml.replace("${" + e.getKey() + "}", e.getValue());
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }
  }

  @Test
  void template_hasThePlaceholdersThePortalFillsIn() throws IOException {
    assertThat(template())
        .contains(
            "${REGISTRATION_TOKEN}",
            "${CONTROL_PLANE_URL}",
            "${TARGET_NAMESPACE}",
            "${AGENT_NAMESPACE}",
            "${AGENT_IMAGE}");
  }

  @Test
  void rendered_parsesIntoTheExpectedObjects() throws IOException {
    assertThat(rendered())
        .extracting(o -> o.getClass().getSimpleName() + "/" + o.getMetadata().getName())
        .containsExactly(
            "Namespace/gennaker-agent",
            "ServiceAccount/gennaker-agent",
            "Secret/gennaker-agent-registration",
            "Role/gennaker-agent-state",
            "RoleBinding/gennaker-agent-state",
            "Role/gennaker-agent-deployer",
            "RoleBinding/gennaker-agent-deployer",
            "Deployment/gennaker-agent");
    assertThat(rendered()).filteredOn(Namespace.class::isInstance).hasSize(1);
    assertThat(rendered()).filteredOn(ServiceAccount.class::isInstance).hasSize(1);
  }

  @Test
  void secret_carriesTheToken_andTheDeploymentReadsIt() throws IOException {
    List<HasMetadata> objects = rendered();
    Secret secret =
        (Secret) objects.stream().filter(Secret.class::isInstance).findFirst().orElseThrow();
    assertThat(secret.getStringData()).containsEntry("token", "reg-123");
    Deployment d =
        (Deployment)
            objects.stream().filter(Deployment.class::isInstance).findFirst().orElseThrow();
    var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("GENNAKER_REGISTRATION_TOKEN");
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("gennaker-agent-registration");
            });
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("gennaker-agent");
  }

  @Test
  void rbac_isNamespacedAndLeastPrivilege() throws IOException {
    List<HasMetadata> objects = rendered();
    assertThat(objects).noneMatch(o -> o.getKind().startsWith("Cluster"));
    for (HasMetadata o : objects) {
      if (o instanceof Role role) {
        assertThat(role.getRules())
            .allSatisfy(
                rule -> {
                  assertThat(rule.getVerbs())
                      .doesNotContain("*", "escalate", "bind", "impersonate");
                  assertThat(rule.getResources()).doesNotContain("*", "pods/exec");
                });
      }
      if (o instanceof RoleBinding rb) {
        assertThat(rb.getRoleRef().getKind()).isEqualTo("Role");
      }
    }
    Role deployer =
        (Role)
            objects.stream()
                .filter(o -> o.getMetadata().getName().equals("gennaker-agent-deployer"))
                .findFirst()
                .orElseThrow();
    assertThat(deployer.getMetadata().getNamespace()).isEqualTo("shop");
  }
}
