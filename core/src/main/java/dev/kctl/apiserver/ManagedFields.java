package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field ownership ({@code metadata.managedFields}) and server-side apply: each writer that names
 * a field manager owns the fields it set; an apply that would change a field another manager owns
 * is a conflict (409, each field named) unless forced; a field an applier stops applying is
 * removed unless someone else owns it.
 */
final class ManagedFields {
  /** One entry of {@code metadata.managedFields}. */
  record Entry(String manager, String operation, String apiVersion, String time, FieldSet fields) {
    boolean isApplyBy(String name) {
      return manager.equals(name) && operation.equals("Apply");
    }
  }

  private ManagedFields() {}

  /**
   * The object an apply of {@code applied} by {@code manager} makes of {@code live} (null when
   * the object does not exist yet).
   */
  static ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode applied, String manager, boolean force, Instant now) {
    FieldSet wanted = FieldSet.of(type, applied);
    List<Entry> entries = live == null ? new ArrayList<>() : read(live);
    ObjectNode base = live == null ? Json.object() : live;
    Map<Entry, Set<List<String>>> conflicts = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (e.isApplyBy(manager)) {
        continue;
      }
      for (List<String> path : wanted.paths()) {
        if (e.fields().contains(path) && differs(base, applied, path)) {
          conflicts.computeIfAbsent(e, k -> new LinkedHashSet<>()).add(path);
        }
      }
    }
    if (!conflicts.isEmpty() && !force) {
      throw conflict(type, applied, conflicts);
    }
    List<Entry> next = new ArrayList<>();
    FieldSet previous = new FieldSet(Set.of());
    FieldSet others = new FieldSet(Set.of());
    for (Entry e : entries) {
      if (e.isApplyBy(manager)) {
        previous = e.fields();
        continue;
      }
      FieldSet kept = conflicts.containsKey(e) ? e.fields().minus(new FieldSet(conflicts.get(e))) : e.fields();
      others = others.plus(kept);
      if (!kept.isEmpty()) {
        next.add(new Entry(e.manager(), e.operation(), e.apiVersion(), e.time(), kept));
      }
    }
    ObjectNode result = (ObjectNode) StrategicMergePatch.apply(type, base, withoutManagedFields(applied));
    for (List<String> path : previous.minus(wanted).minus(others).paths()) {
      remove(result, path);
    }
    next.add(new Entry(manager, "Apply", type.apiVersion(), Timestamps.time(now), wanted));
    write(result, next);
    return result;
  }

  /**
   * Records that {@code manager} changed {@code before} into {@code after} with an update (PUT,
   * PATCH, create): it now owns the fields it changed, and others no longer do.
   */
  static void recordUpdate(ResourceType type, JsonNode before, ObjectNode after, String manager, Instant now) {
    if (manager.isEmpty()) {
      return;
    }
    List<Entry> entries = read(after);
    Set<List<String>> changed = new LinkedHashSet<>();
    for (List<String> path : FieldSet.of(type, after).paths()) {
      if (before == null || differs(before, after, path)) {
        changed.add(path);
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    FieldSet taken = new FieldSet(changed);
    List<Entry> next = new ArrayList<>();
    FieldSet mine = taken;
    for (Entry e : entries) {
      if (e.manager().equals(manager) && e.operation().equals("Update")) {
        mine = mine.plus(e.fields());
        continue;
      }
      FieldSet kept = e.fields().minus(taken);
      if (!kept.isEmpty()) {
        next.add(new Entry(e.manager(), e.operation(), e.apiVersion(), e.time(), kept));
      }
    }
    next.add(new Entry(manager, "Update", type.apiVersion(), Timestamps.time(now), mine));
    write(after, next);
  }

  static List<Entry> read(JsonNode object) {
    List<Entry> out = new ArrayList<>();
    for (JsonNode e : object.path("metadata").path("managedFields")) {
      out.add(new Entry(e.path("manager").asString(""), e.path("operation").asString(""),
          e.path("apiVersion").asString(""), e.path("time").asString(""), FieldSet.fromFieldsV1(e.path("fieldsV1"))));
    }
    return out;
  }

  private static void write(ObjectNode object, List<Entry> entries) {
    ObjectNode meta = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    ArrayNode list = meta.putArray("managedFields");
    for (Entry e : entries) {
      ObjectNode json = list.addObject();
      json.put("manager", e.manager());
      json.put("operation", e.operation());
      json.put("apiVersion", e.apiVersion());
      json.put("time", e.time());
      json.put("fieldsType", "FieldsV1");
      json.set("fieldsV1", e.fields().toFieldsV1());
    }
  }

  private static ObjectNode withoutManagedFields(ObjectNode applied) {
    ObjectNode copy = applied.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
    }
    return copy;
  }

  /**
   * Whether two objects disagree at {@code path}. For a list item itself (a path ending in
   * {@code .}) only its presence counts: its fields are paths of their own.
   */
  private static boolean differs(JsonNode a, JsonNode b, List<String> path) {
    JsonNode left = valueAt(a, path);
    JsonNode right = valueAt(b, path);
    if (path.getLast().equals(".")) {
      return left.isMissingNode() != right.isMissingNode();
    }
    return !left.equals(right);
  }

  /** The value at a FieldsV1 path, or a missing node. */
  static JsonNode valueAt(JsonNode object, List<String> path) {
    JsonNode node = object;
    for (String token : path) {
      node = step(node, token);
      if (node.isMissingNode()) {
        return node;
      }
    }
    return node;
  }

  private static JsonNode step(JsonNode node, String token) {
    if (token.equals(".")) {
      return node;
    }
    if (token.startsWith("f:")) {
      return node.path(token.substring(2));
    }
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (matches(item, token)) {
          return item;
        }
      }
    }
    return MissingNode.getInstance();
  }

  private static boolean matches(JsonNode item, String token) {
    if (token.startsWith("v:")) {
      return Json.parse(token.substring(2)).equals(item);
    }
    JsonNode key = Json.parse(token.substring(2));
    for (Map.Entry<String, JsonNode> k : key.properties()) {
      if (!k.getValue().equals(item.get(k.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static void remove(JsonNode object, List<String> path) {
    List<String> target = path.getLast().equals(".") ? path.subList(0, path.size() - 1) : path;
    JsonNode parent = valueAt(object, target.subList(0, target.size() - 1));
    String last = target.getLast();
    if (last.startsWith("f:") && parent instanceof ObjectNode o) {
      o.remove(last.substring(2));
    } else if (parent instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (matches(a.get(i), last)) {
          a.remove(i);
          return;
        }
      }
    }
  }

  private static ApiException conflict(ResourceType type, ObjectNode applied, Map<Entry, Set<List<String>>> conflicts) {
    List<ApiException.Cause> causes = new ArrayList<>();
    StringBuilder message = new StringBuilder();
    int count = conflicts.values().stream().mapToInt(Set::size).sum();
    message.append("Apply failed with ").append(count).append(count == 1 ? " conflict: " : " conflicts: ");
    boolean first = true;
    for (var e : conflicts.entrySet()) {
      String with = "conflict with \"%s\" using %s".formatted(e.getKey().manager(), e.getKey().apiVersion());
      for (List<String> path : e.getValue()) {
        String field = render(path);
        causes.add(new ApiException.Cause("FieldManagerConflict", with, field));
        message.append(first ? "" : "\n").append(with).append(": ").append(field);
        first = false;
      }
    }
    return new ApiException(StatusReason.Conflict, message.toString(), type.group(), type.resource(),
        applied.path("metadata").path("name").asString(""), causes, null);
  }

  /** {@code .spec.template.spec.containers[name="app"].image}, as kube-apiserver names fields. */
  static String render(List<String> path) {
    StringBuilder out = new StringBuilder();
    for (String token : path) {
      if (token.startsWith("f:")) {
        out.append('.').append(token.substring(2));
      } else if (token.startsWith("k:")) {
        out.append('[');
        boolean first = true;
        for (Map.Entry<String, JsonNode> k : Json.parse(token.substring(2)).properties()) {
          out.append(first ? "" : ",").append(k.getKey()).append('=').append(k.getValue());
          first = false;
        }
        out.append(']');
      } else if (token.startsWith("v:")) {
        out.append('[').append(token.substring(2)).append(']');
      }
    }
    return out.toString();
  }
}
