package dev.gennaker.core.runner;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Makes the HTTP calls of {@code webhook} stages. Thread-safe. */
public interface WebhookClient {

  /** The answer: status and body (possibly cut). */
  record Response(int status, String body) {}

  /**
   * @throws UnreachableException when no HTTP answer came (DNS, connection, timeout)
   */
  Response call(String method, URI url, Map<String, String> headers, String body, Duration timeout);

  /** No answer at all; the message says why, without secrets. */
  final class UnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreachableException(String message) {
      super(message);
    }
  }
}
