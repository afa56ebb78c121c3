package dev.gennaker.agent.state;

import java.util.Optional;

/**
 * Where the agent keeps the credential it got in exchange for its registration token.
 *
 * <p>Idempotent: saving the same credential twice is harmless. Errors are the underlying client's
 * unchecked exceptions. Thread-safe.
 */
public interface CredentialStore {

  /** The stored credential, if the agent has registered before. */
  Optional<StoredCredential> load();

  /** Stores the credential (creating or replacing it). */
  void save(StoredCredential credential);

  /**
   * The agent id and its credential. {@link #toString()} never shows the credential.
   *
   * @param agentId the agent's id
   * @param credential the secret credential
   */
  record StoredCredential(String agentId, String credential) {
    @Override
    public String toString() {
      return "StoredCredential[agentId=" + agentId + ", credential=<redacted>]";
    }
  }
}
