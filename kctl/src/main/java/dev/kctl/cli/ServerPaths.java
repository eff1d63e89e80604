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
}
