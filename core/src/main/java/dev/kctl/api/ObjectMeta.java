package dev.kctl.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A typed, read-only view of an object's {@code metadata}. Objects stay JSON trees; code that acts
 * on metadata reads it through this record, and writes through {@link #mutable(ObjectNode)}.
 */
public record ObjectMeta(
    String name,
    String generateName,
    String namespace,
    String uid,
    String resourceVersion,
    long generation,
    String creationTimestamp,
    String deletionTimestamp,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<OwnerReference> ownerReferences) {

  public ObjectMeta {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    ownerReferences = List.copyOf(ownerReferences);
  }

  /** One entry of {@code metadata.ownerReferences}. */
  public record OwnerReference(String apiVersion, String kind, String name, String uid, boolean controller) {
    public static OwnerReference of(JsonNode ref) {
      return new OwnerReference(
          ref.path("apiVersion").asString(""),
          ref.path("kind").asString(""),
          ref.path("name").asString(""),
          ref.path("uid").asString(""),
          ref.path("controller").asBoolean(false));
    }
  }

  public static ObjectMeta of(JsonNode object) {
    JsonNode m = object.path("metadata");
    List<OwnerReference> owners = new java.util.ArrayList<>();
    for (JsonNode ref : m.path("ownerReferences")) {
      owners.add(OwnerReference.of(ref));
    }
    return new ObjectMeta(
        m.path("name").asString(""),
        m.path("generateName").asString(""),
        m.path("namespace").asString(""),
        m.path("uid").asString(""),
        m.path("resourceVersion").asString(""),
        m.path("generation").asLong(0),
        m.path("creationTimestamp").asString(""),
        m.path("deletionTimestamp").asString(""),
        stringMap(m.path("labels")),
        stringMap(m.path("annotations")),
        owners);
  }

  /** The controlling owner, if any: the owner reference with {@code controller: true}. */
  public java.util.Optional<OwnerReference> controller() {
    return ownerReferences.stream().filter(OwnerReference::controller).findFirst();
  }

  /** {@code namespace/name}, or {@code name} for cluster-scoped objects: the key controllers queue. */
  public String key() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** The object's {@code metadata}, created when missing, for code that writes it. */
  public static ObjectNode mutable(ObjectNode object) {
    JsonNode m = object.get("metadata");
    if (m instanceof ObjectNode existing) {
      return existing;
    }
    return object.putObject("metadata");
  }

  static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      map.put(e.getKey(), e.getValue().asString(""));
    }
    return map;
  }
}
