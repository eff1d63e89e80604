package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' strategic merge patch: a merge patch in which lists of objects that have a merge key
 * (containers by name, env by name, ...) merge element by element instead of being replaced, and
 * {@code $patch}, {@code $retainKeys}, {@code $setElementOrder/} and
 * {@code $deleteFromPrimitiveList/} directives are honoured.
 *
 * <p>The merge keys are those of the Kubernetes types for the fields served here, by field name.
 * {@code ports} has two: {@code containerPort} in containers, {@code port} in services; an
 * element's own fields tell which list it is.
 */
final class StrategicMergePatch {
  private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
      Map.entry("containers", "name"),
      Map.entry("initContainers", "name"),
      Map.entry("ephemeralContainers", "name"),
      Map.entry("env", "name"),
      Map.entry("volumes", "name"),
      Map.entry("volumeMounts", "mountPath"),
      Map.entry("volumeDevices", "devicePath"),
      Map.entry("imagePullSecrets", "name"),
      Map.entry("conditions", "type"),
      Map.entry("addresses", "type"),
      Map.entry("hostAliases", "ip"),
      Map.entry("topologySpreadConstraints", "topologyKey"),
      Map.entry("ownerReferences", "uid"),
      Map.entry("taints", "key"),
      Map.entry("resourceClaims", "name"));
  /** Lists of scalars whose strategy is "merge": patch values are added, not replacing. */
  private static final Set<String> MERGED_SCALAR_LISTS = Set.of("finalizers");

  private StrategicMergePatch() {}

  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!(patch instanceof ObjectNode patchObject)) {
      return patch.deepCopy();
    }
    return mergeObject(target instanceof ObjectNode t ? t.deepCopy() : dev.kctl.codec.Json.object(), patchObject);
  }

  private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch) {
    String directive = patch.path("$patch").asString("");
    if (directive.equals("replace")) {
      ObjectNode replaced = patch.deepCopy();
      replaced.remove("$patch");
      return replaced;
    }
    if (directive.equals("delete")) {
      return target.objectNode();
    }
    if (patch.has("$retainKeys")) {
      Set<String> keep = new HashSet<>();
      patch.get("$retainKeys").forEach(k -> keep.add(k.asString("")));
      target.propertyNames().removeIf(name -> !keep.contains(name));
    }
    for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (name.startsWith("$deleteFromPrimitiveList/")) {
        deleteFromPrimitiveList(target, name.substring("$deleteFromPrimitiveList/".length()), value);
      } else if (name.startsWith("$")) {
        continue; // $patch, $retainKeys handled above; $setElementOrder only orders, which we keep
      } else if (value.isNull()) {
        target.remove(name);
      } else if (value instanceof ObjectNode object) {
        JsonNode current = target.get(name);
        target.set(name, mergeObject(current instanceof ObjectNode c ? c : target.objectNode(), object));
      } else if (value instanceof ArrayNode list) {
        target.set(name, mergeList(name, target.get(name), list));
      } else {
        target.set(name, value.deepCopy());
      }
    }
    return target;
  }

  private static JsonNode mergeList(String field, JsonNode current, ArrayNode patch) {
    ArrayNode base = current instanceof ArrayNode a ? a.deepCopy() : patch.arrayNode();
    if (MERGED_SCALAR_LISTS.contains(field)) {
      Set<String> present = new HashSet<>();
      base.forEach(v -> present.add(v.asString("")));
      patch.forEach(v -> {
        if (present.add(v.asString(""))) {
          base.add(v.deepCopy());
        }
      });
      return base;
    }
    String mergeKey = mergeKey(field, patch);
    if (mergeKey == null) {
      ArrayNode replaced = patch.deepCopy();
      replaced.removeIf(v -> v.isObject() && v.path("$patch").asString("").equals("replace"));
      return replaced;
    }
    for (JsonNode element : patch) {
      if (!(element instanceof ObjectNode patchElement)) {
        throw ApiException.badRequest("strategic merge patch: list " + field + " holds objects, found " + element);
      }
      if (patchElement.path("$patch").asString("").equals("replace")) {
        ArrayNode replaced = patch.arrayNode();
        patch.forEach(v -> {
          if (!v.path("$patch").asString("").equals("replace")) {
            replaced.add(v.deepCopy());
          }
        });
        return replaced;
      }
      JsonNode key = patchElement.get(mergeKey);
      int index = indexOf(base, mergeKey, key);
      if (patchElement.path("$patch").asString("").equals("delete")) {
        if (index >= 0) {
          base.remove(index);
        }
      } else if (index >= 0) {
        base.set(index, mergeObject((ObjectNode) base.get(index), patchElement));
      } else {
        base.add(mergeObject(patch.objectNode(), patchElement));
      }
    }
    return base;
  }

  private static String mergeKey(String field, ArrayNode patch) {
    if (field.equals("ports")) {
      for (JsonNode element : patch) {
        if (element.has("containerPort")) {
          return "containerPort";
        }
        if (element.has("port")) {
          return "port";
        }
      }
      return null;
    }
    return MERGE_KEYS.get(field);
  }

  private static int indexOf(ArrayNode list, String mergeKey, JsonNode key) {
    if (key == null) {
      return -1;
    }
    for (int i = 0; i < list.size(); i++) {
      if (key.equals(list.get(i).get(mergeKey))) {
        return i;
      }
    }
    return -1;
  }

  private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
    if (target.get(field) instanceof ArrayNode list) {
      Set<JsonNode> remove = new HashSet<>();
      values.forEach(remove::add);
      list.removeIf(remove::contains);
    }
  }
}
