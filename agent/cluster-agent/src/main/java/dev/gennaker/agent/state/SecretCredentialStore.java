package dev.gennaker.agent.state;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Keeps the credential in a Secret in the agent's own namespace. */
public final class SecretCredentialStore implements CredentialStore {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  public SecretCredentialStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public Optional<StoredCredential> load() {
    Secret s = client.secrets().inNamespace(namespace).withName(name).get();
    if (s == null || s.getData() == null || !s.getData().containsKey("credential")) {
      return Optional.empty();
    }
    return Optional.of(
        new StoredCredential(
            decode(s.getData().get("agentId")), decode(s.getData().get("credential"))));
  }

  @Override
  public void save(StoredCredential credential) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/part-of", "gennaker-agent")
            .endMetadata()
            .withType("Opaque")
            .addToData("agentId", encode(credential.agentId()))
            .addToData("credential", encode(credential.credential()))
            .build();
    client
        .secrets()
        .inNamespace(namespace)
        .resource(secret)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("gennaker-agent")
                .withForce(true)
                .build());
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return s == null ? null : new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
