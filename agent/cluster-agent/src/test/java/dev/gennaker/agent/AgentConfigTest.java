package dev.gennaker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void readsTheEnvironment_withDefaults() {
    AgentConfig c =
        AgentConfig.fromEnvironment(
            Map.of(
                "GENNAKER_CONTROL_PLANE_URL", "https://api.example/",
                "GENNAKER_NAMESPACES", "shop, shop-staging ,",
                "GENNAKER_REGISTRATION_TOKEN", "reg-secret",
                "POD_NAMESPACE", "agents"));
    assertThat(c.namespaces()).containsExactly("shop", "shop-staging");
    assertThat(c.agentNamespace()).isEqualTo("agents");
    assertThat(c.healthPort()).isEqualTo(8080);
    assertThat(c.settings().pollWait()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.registrationToken()).contains("reg-secret");
    assertThat(c.toString()).doesNotContain("reg-secret").contains("registrationToken=<set>");
  }

  @Test
  void missingRequiredVariables_areNamed() {
    assertThatThrownBy(() -> AgentConfig.fromEnvironment(Map.of("GENNAKER_NAMESPACES", "a")))
        .hasMessage("GENNAKER_CONTROL_PLANE_URL is not set");
    assertThatThrownBy(
            () ->
                AgentConfig.fromEnvironment(
                    Map.of(
                        "GENNAKER_CONTROL_PLANE_URL", "http://x/", "GENNAKER_NAMESPACES", " , ")))
        .hasMessage("GENNAKER_NAMESPACES lists no namespace");
  }
}
