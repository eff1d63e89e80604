package dev.kctl.client;

import dev.kctl.codec.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * How to delete, as the body of a DELETE request ({@code meta.k8s.io/v1 DeleteOptions}).
 *
 * @param propagationPolicy {@code Background}, {@code Foreground}, {@code Orphan}, or empty for
 *     the kind's default (background for everything served here)
 * @param gracePeriodSeconds seconds a pod's processes get to stop; negative for the pod's own
 *     {@code terminationGracePeriodSeconds}, 0 to remove the object at once
 */
public record DeleteOptions(String propagationPolicy, long gracePeriodSeconds) {
  public static final DeleteOptions DEFAULT = new DeleteOptions("", -1);
  /** Removes the object without waiting: what kletd sends once a pod's processes are gone. */
  public static final DeleteOptions NOW = new DeleteOptions("", 0);

  public ObjectNode toJson() {
    ObjectNode body = Json.object();
    body.put("kind", "DeleteOptions");
    body.put("apiVersion", "v1");
    if (!propagationPolicy.isEmpty()) {
      body.put("propagationPolicy", propagationPolicy);
    }
    if (gracePeriodSeconds >= 0) {
      body.put("gracePeriodSeconds", gracePeriodSeconds);
    }
    return body;
  }

  public static DeleteOptions fromJson(tools.jackson.databind.JsonNode body) {
    return new DeleteOptions(body.path("propagationPolicy").asString(""),
        body.path("gracePeriodSeconds").isIntegralNumber() ? body.path("gracePeriodSeconds").asLong() : -1);
  }
}
