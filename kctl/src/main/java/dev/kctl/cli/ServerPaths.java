package dev.kctl.cli;

import tools.jackson.databind.JsonNode;

/**
 * GETs of the server's non-resource paths ({@code /version}, {@code /api}, {@code /apis},
 * {@code /openapi/v3/...}), which the resource-oriented {@link dev.kctl.client.Client} does not
 * cover.
 */
@FunctionalInterface
interface ServerPaths {
  /**
   * The JSON at {@code path}.
   *
   * @throws dev.kctl.api.ApiException when the server answers with a failure
   * @throws java.io.UncheckedIOException when it cannot be reached
   */
  JsonNode get(String path);

  /**
   * Opens a WebSocket to {@code pathAndQuery} (exec's {@code pods/NAME/exec?command=...}) offering
   * {@code subprotocol}; returns once the server accepted the upgrade.
   *
   * @throws dev.kctl.api.ApiException when the server refuses the upgrade with a Status
   * @throws java.io.UncheckedIOException when it cannot be reached
   */
  default java.net.http.WebSocket webSocket(String pathAndQuery, String subprotocol,
      java.net.http.WebSocket.Listener listener) {
    throw new CommandException("WebSockets (" + pathAndQuery + ") are not available on this connection");
  }
}
