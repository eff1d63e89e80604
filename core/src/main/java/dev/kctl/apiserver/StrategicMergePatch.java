package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.apiserver.openapi.FieldSchema;
import dev.kctl.apiserver.openapi.SchemaIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' strategic merge patch: a merge patch in which lists of objects that have a merge key
 * (containers by name, env by name, ...) merge element by element instead of being replaced, and
 * {@code $patch}, {@code $retainKeys}, {@code $setElementOrder/} and
 * {@code $deleteFromPrimitiveList/} directives are honoured. Merge keys and strategies come from
 * the kind's schema ({@link SchemaIndex}), the same data the OpenAPI documents publish, so the
 * server merges exactly as kubectl computed its patch.
 */
final class StrategicMergePatch {
  private final ResourceType type;
  private final SchemaIndex schema = SchemaIndex.load();

  private StrategicMergePatch(ResourceType type) {
    this.type = type;
  }

  static JsonNode apply(ResourceType type, JsonNode target, JsonNode patch) {
    if (!(patch instanceof ObjectNode patchObject)) {
      return patch.deepCopy();
    }
    return new StrategicMergePatch(type).mergeObject(
        target instanceof ObjectNode t ? t.deepCopy() : dev.kctl.codec.Json.object(), patchObject, List.of());
  }

  private ObjectNode mergeObject(ObjectNode target, ObjectNode patch, List<String> path) {
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
        target.set(name, mergeObject(current instanceof ObjectNode c ? c : target.objectNode(), object, child(path, name)));
      } else if (value instanceof ArrayNode list) {
        target.set(name, mergeList(child(path, name), target.get(name), list));
      } else {
        target.set(name, value.deepCopy());
      }
    }
    return target;
  }

  private JsonNode mergeList(List<String> path, JsonNode current, ArrayNode patch) {
    ArrayNode base = current instanceof ArrayNode a ? a.deepCopy() : patch.arrayNode();
    Optional<FieldSchema> field = schema.field(type, path);
    boolean merges = field.map(f -> f.patchStrategies().contains("merge")).orElse(false);
    if (merges && field.get().patchMergeKey().isEmpty()) {
      Set<String> present = new HashSet<>();
      base.forEach(v -> present.add(v.asString("")));
      patch.forEach(v -> {
        if (present.add(v.asString(""))) {
          base.add(v.deepCopy());
        }
      });
      return base;
    }
    String mergeKey = field.filter(FieldSchema::mergesByKey).map(FieldSchema::patchMergeKey).orElse(null);
    if (mergeKey == null) {
      ArrayNode replaced = patch.deepCopy();
      replaced.removeIf(v -> v.isObject() && v.path("$patch").asString("").equals("replace"));
      return replaced;
    }
    for (JsonNode element : patch) {
      if (!(element instanceof ObjectNode patchElement)) {
        throw ApiException.badRequest("strategic merge patch: list " + String.join(".", path) + " holds objects, found " + element);
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
        base.set(index, mergeObject((ObjectNode) base.get(index), patchElement, path));
      } else {
        base.add(mergeObject(patch.objectNode(), patchElement, path));
      }
    }
    return base;
  }

  private static List<String> child(List<String> path, String name) {
    List<String> next = new ArrayList<>(path);
    next.add(name);
    return next;
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
