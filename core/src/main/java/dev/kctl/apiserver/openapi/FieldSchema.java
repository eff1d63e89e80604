package dev.kctl.apiserver.openapi;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What the schema of a served kind says about one field: its shape and, for lists and maps, how
 * strategic merge patches and server-side apply treat it. Facts of the Kubernetes API, read from
 * the schema data under {@code dev/kctl/apiserver/schema}.
 *
 * @param name the field's name; for a map value, the key it was looked up by; for a kind, the kind
 * @param kind the shape of the field's value
 * @param format the OpenAPI format of a scalar ({@code int32}, {@code int64}, {@code date-time},
 *     {@code byte}, {@code int-or-string}), or empty
 * @param typeName the schema name of the field's type ({@code io.k8s.api.core.v1.PodSpec}), or of
 *     the items of a list or map ({@code io.k8s.api.core.v1.Container}); empty for plain scalars
 * @param itemKind for a {@link Kind#LIST} or {@link Kind#MAP}, the shape of its items
 * @param description what the field is for, in our words
 * @param patchStrategies {@code x-kubernetes-patch-strategy} split at commas: {@code merge},
 *     {@code retainKeys}; empty when a strategic merge patch replaces the value
 * @param patchMergeKey {@code x-kubernetes-patch-merge-key}: the field that identifies an item of
 *     a list merged by key, such as {@code name} for containers; empty otherwise
 * @param listType {@code x-kubernetes-list-type} of a list: {@code atomic}, {@code set},
 *     {@code map}; empty when the schema does not say
 * @param listMapKeys {@code x-kubernetes-list-map-keys} of a {@code map} list
 * @param mapType {@code x-kubernetes-map-type} of an object or map: {@code atomic} or
 *     {@code granular}; empty when the schema does not say
 * @param defaultValue the value the API fills in when the field is absent, where the schema says
 */
public record FieldSchema(
    String name,
    Kind kind,
    String format,
    String typeName,
    Optional<Kind> itemKind,
    String description,
    List<String> patchStrategies,
    String patchMergeKey,
    String listType,
    List<String> listMapKeys,
    String mapType,
    Optional<JsonNode> defaultValue) {

  /** The shape of a value. */
  public enum Kind {
    /** An object with the fields its schema names; other fields are unknown. */
    OBJECT,
    /** A JSON array. */
    LIST,
    /** An object whose keys are free and whose values all have one schema, such as labels. */
    MAP,
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    /** An integer or a string, such as a port number or name. */
    INT_OR_STRING,
    /** A resource quantity, written as a string such as {@code 500m} or as a number. */
    QUANTITY,
    /** Any JSON value, kept as it is: fields below it are not described. */
    ANY
  }

  public FieldSchema {
    patchStrategies = List.copyOf(patchStrategies);
    listMapKeys = List.copyOf(listMapKeys);
  }

  /** Whether a strategic merge patch merges this list item by item, by {@link #patchMergeKey}. */
  public boolean mergesByKey() {
    return kind == Kind.LIST && patchStrategies.contains("merge") && !patchMergeKey.isEmpty();
  }
}
