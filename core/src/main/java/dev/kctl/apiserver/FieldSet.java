package dev.kctl.apiserver;

import dev.kctl.api.ResourceType;
import dev.kctl.apiserver.openapi.FieldSchema;
import dev.kctl.apiserver.openapi.SchemaIndex;
import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of field paths in the notation of {@code managedFields} (FieldsV1): {@code f:spec},
 * {@code f:replicas}; list items of keyed lists as {@code k:{"name":"app"}}, of set lists as
 * {@code v:"value"}; an item itself as the path ending in {@code .}. Keys and list semantics come
 * from the kind's schema, as the API server's structured merge does.
 *
 * <p>Example: {@code spec.template.spec.containers[name=app].image} is the path
 * {@code [f:spec, f:template, f:spec, f:containers, k:{"name":"app"}, f:image]}.
 */
record FieldSet(Set<List<String>> paths) {
  private static final Set<String> UNTRACKED_METADATA = Set.of(
      "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
      "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");

  FieldSet {
    paths = Set.copyOf(paths);
  }

  /** Every leaf field of {@code object}, and every keyed or set list item. */
  static FieldSet of(ResourceType type, JsonNode object) {
    Set<List<String>> out = new LinkedHashSet<>();
    new Walker(type, SchemaIndex.load(), out).object(object, List.of(), List.of(), true);
    return new FieldSet(out);
  }

  boolean contains(List<String> path) {
    return paths.contains(path);
  }

  FieldSet minus(FieldSet other) {
    Set<List<String>> out = new LinkedHashSet<>(paths);
    out.removeAll(other.paths);
    return new FieldSet(out);
  }

  FieldSet plus(FieldSet other) {
    Set<List<String>> out = new LinkedHashSet<>(paths);
    out.addAll(other.paths);
    return new FieldSet(out);
  }

  boolean isEmpty() {
    return paths.isEmpty();
  }

  /** The FieldsV1 JSON of this set. */
  ObjectNode toFieldsV1() {
    ObjectNode root = Json.object();
    for (List<String> path : paths) {
      ObjectNode node = root;
      for (String token : path) {
        node = node.get(token) instanceof ObjectNode child ? child : node.putObject(token);
      }
    }
    return root;
  }

  static FieldSet fromFieldsV1(JsonNode fields) {
    Set<List<String>> out = new LinkedHashSet<>();
    collect(fields, new ArrayList<>(), out);
    return new FieldSet(out);
  }

  private static void collect(JsonNode node, List<String> path, Set<List<String>> out) {
    if (node.isEmpty()) {
      if (!path.isEmpty()) {
        out.add(List.copyOf(path));
      }
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      path.add(e.getKey());
      collect(e.getValue(), path, out);
      path.removeLast();
    }
  }

  /** Walks an object along its schema, naming each field as FieldsV1 does. */
  private record Walker(ResourceType type, SchemaIndex schema, Set<List<String>> out) {
    void object(JsonNode object, List<String> path, List<String> schemaPath, boolean root) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        String name = e.getKey();
        if (root && (name.equals("apiVersion") || name.equals("kind") || name.equals("status"))) {
          continue;
        }
        if (path.size() == 1 && path.getFirst().equals("f:metadata") && UNTRACKED_METADATA.contains(name)) {
          continue;
        }
        value(e.getValue(), append(path, "f:" + name), append(schemaPath, name));
      }
    }

    void value(JsonNode value, List<String> path, List<String> schemaPath) {
      Optional<FieldSchema> field = schema.field(type, schemaPath);
      FieldSchema.Kind kind = field.map(FieldSchema::kind).orElse(null);
      if (value.isObject() && kind != FieldSchema.Kind.ANY && !value.isEmpty()) {
        object(value, path, schemaPath, false);
      } else if (value.isArray() && field.isPresent() && kind == FieldSchema.Kind.LIST) {
        list(value, path, schemaPath, field.get());
      } else {
        out.add(path);
      }
    }

    void list(JsonNode list, List<String> path, List<String> schemaPath, FieldSchema field) {
      List<String> keys = !field.listMapKeys().isEmpty() ? field.listMapKeys()
          : field.mergesByKey() ? List.of(field.patchMergeKey()) : List.of();
      if (!keys.isEmpty()) {
        for (JsonNode item : list) {
          List<String> itemPath = append(path, itemKey(item, keys));
          out.add(append(itemPath, "."));
          object(item, itemPath, schemaPath, false);
        }
      } else if (field.listType().equals("set") || (field.patchStrategies().contains("merge") && !list.isEmpty() && !list.get(0).isObject())) {
        for (JsonNode item : list) {
          out.add(append(path, "v:" + Json.string(item)));
        }
      } else {
        out.add(path);
      }
    }
  }

  static String itemKey(JsonNode item, List<String> keys) {
    ObjectNode key = Json.object();
    for (String k : keys) {
      if (item.has(k)) {
        key.set(k, item.get(k));
      }
    }
    return "k:" + Json.string(key);
  }

  private static List<String> append(List<String> path, String token) {
    List<String> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(token);
    return out;
  }
}
