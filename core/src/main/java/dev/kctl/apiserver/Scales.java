package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ResourceType;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code scale} subresource (autoscaling/v1 Scale) of Deployments and ReplicaSets: a view of
 * {@code spec.replicas}, what {@code kubectl scale} reads and patches.
 */
final class Scales {
  private final ApiService api;

  Scales(ApiService api) {
    this.api = api;
  }

  ObjectNode get(ResourceType type, String namespace, String name) {
    return scaleOf(api.get(type, namespace, name));
  }

  ObjectNode update(ResourceType type, String namespace, String name, ObjectNode scale, WriteOptions options) {
    long expected = ApiService.parseResourceVersion(scale.path("metadata").path("resourceVersion").asString(""));
    return scaleOf(api.guaranteedUpdate(type, namespace, name, expected, "", options,
        object -> withReplicas(object, scale)));
  }

  ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType, JsonNode patch,
      WriteOptions options) {
    return scaleOf(api.guaranteedUpdate(type, namespace, name, 0, "", options, object -> {
      JsonNode patched = switch (patchType) {
        case MERGE, STRATEGIC_MERGE -> MergePatch.apply(scaleOf(object), patch);
        case JSON -> JsonPatch.apply(scaleOf(object), patch);
        case APPLY -> throw ApiException.badRequest("server-side apply on the scale subresource is not supported");
      };
      return withReplicas(object, patched);
    }));
  }

  private static ObjectNode withReplicas(ObjectNode object, JsonNode scale) {
    JsonNode replicas = scale.path("spec").path("replicas");
    if (!replicas.isIntegralNumber() || replicas.asInt() < 0) {
      throw ApiException.invalid(dev.kctl.api.ResourceTypes.DEPLOYMENTS, object.path("metadata").path("name").asString(""),
          java.util.List.of(new ApiException.Cause("FieldValueInvalid",
              "Invalid value: " + replicas + ": must be greater than or equal to 0", "spec.replicas")));
    }
    ((ObjectNode) object.get("spec")).put("replicas", replicas.asInt());
    return object;
  }

  static ObjectNode scaleOf(ObjectNode object) {
    ObjectNode scale = Json.object();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    JsonNode m = object.path("metadata");
    for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (m.has(field)) {
        meta.set(field, m.get(field).deepCopy());
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(0));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", object.path("status").path("replicas").asInt(0));
    status.put("selector", selectorString(object.path("spec").path("selector")));
    return scale;
  }

  private static String selectorString(JsonNode selector) {
    LabelSelector parsed = LabelSelector.fromObject(selector);
    StringBuilder out = new StringBuilder();
    for (LabelSelector.Requirement r : parsed.requirements()) {
      if (!out.isEmpty()) {
        out.append(',');
      }
      String values = String.join(",", new java.util.TreeSet<>(r.values()));
      out.append(switch (r.operator()) {
        case EQUALS -> r.key() + "=" + values;
        case NOT_EQUALS -> r.key() + "!=" + values;
        case IN -> r.key() + " in (" + values + ")";
        case NOT_IN -> r.key() + " notin (" + values + ")";
        case EXISTS -> r.key();
        case DOES_NOT_EXIST -> "!" + r.key();
      });
    }
    return out.toString();
  }
}
