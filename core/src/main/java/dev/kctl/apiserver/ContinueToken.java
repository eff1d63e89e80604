package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/**
 * The {@code continue} token of a paged list: where the next page starts (after a storage key)
 * and the revision of the first page. Opaque to clients: base64url of a small JSON document.
 */
record ContinueToken(long revision, String afterKey) {

  String encode() {
    String json = Json.string(Json.object().put("rv", revision).put("start", afterKey));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The token's content, or null for an empty token (the first page). */
  static ContinueToken parse(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      JsonNode json = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      return new ContinueToken(json.path("rv").asLong(), json.path("start").asString(""));
    } catch (RuntimeException e) {
      throw ApiException.badRequest("continue token \"" + token + "\" is not one this server issued; list again from the start");
    }
  }
}
