package dev.kctl.apiserver.openapi;

import dev.kctl.apiserver.openapi.FieldSchema.Kind;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One named type of the schema data.
 *
 * @param name the full schema name, such as {@code io.k8s.api.core.v1.PodSpec}
 * @param value {@link Kind#OBJECT} for a type with fields; for a scalar type such as
 *     {@code Quantity} or {@code Time}, the shape of its values
 * @param format the OpenAPI format of a scalar type, or empty
 * @param kind the group, version and kind, for the top-level kinds
 * @param fields the fields by name, sorted; empty for scalar types
 * @param required the fields that must be present
 * @param mapType {@code x-kubernetes-map-type}, or empty
 */
record TypeDef(
    String name,
    String description,
    Kind value,
    String format,
    Optional<GroupVersionKind> kind,
    SortedMap<String, FieldDef> fields,
    List<String> required,
    String mapType) {

  TypeDef {
    fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    required = List.copyOf(required);
  }

  boolean isObject() {
    return value == Kind.OBJECT;
  }

  /** The Kubernetes identity of a top-level kind. */
  record GroupVersionKind(String group, String version, String kind) {}

  /**
   * One field of a type.
   *
   * @param patchStrategies {@code x-kubernetes-patch-strategy}, split at commas
   * @param defaultValue the API's default, where the data gives one
   */
  record FieldDef(
      String name,
      TypeRef type,
      String description,
      List<String> patchStrategies,
      String patchMergeKey,
      String listType,
      List<String> listMapKeys,
      String mapType,
      Optional<JsonNode> defaultValue) {

    FieldDef {
      patchStrategies = List.copyOf(patchStrategies);
      listMapKeys = List.copyOf(listMapKeys);
    }

    static FieldDef plain(String name, TypeRef type, String description) {
      return new FieldDef(name, type, description, List.of(), "", "", List.of(), "", Optional.empty());
    }
  }
}
