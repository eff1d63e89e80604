package dev.kctl.client;

import java.net.URI;
import java.time.Duration;

/**
 * Hears of every HTTP exchange a {@link RestClient} completes, for {@code kctl -v=6} style
 * request logs. Called on the requesting thread after the response arrived; must not throw.
 */
@FunctionalInterface
public interface RequestLog {
  /** Logs nothing. */
  RequestLog NONE = exchange -> { };

  void exchanged(Exchange exchange);

  /**
   * One request and its response.
   *
   * @param status the HTTP status code, or 0 when no response arrived
   * @param requestBody the bytes sent, empty for none
   * @param responseBody the bytes received, or null for a streamed response (logs) that the
   *     caller reads later
   */
  record Exchange(String method, URI uri, int status, Duration took, byte[] requestBody, byte[] responseBody) {}
}
