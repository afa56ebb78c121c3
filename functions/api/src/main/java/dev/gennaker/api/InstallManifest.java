package dev.gennaker.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's install manifest (agent/cluster-agent/src/main/resources/install/agent.yaml) with its
 * placeholders filled in: the Role and RoleBinding of the target namespace are repeated for each
 * namespace the agent may deploy to, and the namespaces are listed for the agent.
 */
final class InstallManifest {
  static final String AGENT_NAMESPACE = "gennaker-agent";
  static final String AGENT_IMAGE = "ghcr.io/gennaker/agent:0.1.0";

  private InstallManifest() {}

  static String render(String token, String controlPlaneUrl, List<String> namespaces) {
    String template = template();
    List<String> out = new ArrayList<>();
    for (String doc : template.split("\n---\n")) {
      boolean perNamespace =
          doc.contains("${TARGET_NAMESPACE}")
              && (doc.contains("\nkind: Role\n") || doc.contains("\nkind: RoleBinding\n"));
      if (perNamespace) {
        for (String ns : namespaces) {
          out.add(fill(doc, token, controlPlaneUrl, ns));
        }
      } else {
        out.add(fill(doc, token, controlPlaneUrl, String.join(",", namespaces)));
      }
    }
    return String.join("\n---\n", out);
  }

  private static String fill(String doc, String token, String url, String namespaces) {
    return doc.replace("${AGENT_NAMESPACE}", AGENT_NAMESPACE)
        .replace("${REGISTRATION_TOKEN}", token)
        .replace("${CONTROL_PLANE_URL}", url)
        .replace("${AGENT_IMAGE}", AGENT_IMAGE)
        .replace("${TARGET_NAMESPACE}", namespaces);
  }

  private static String template() {
    try (InputStream in = InstallManifest.class.getResourceAsStream("/install/agent.yaml")) {
      if (in == null) {
        throw new IllegalStateException("install/agent.yaml is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
