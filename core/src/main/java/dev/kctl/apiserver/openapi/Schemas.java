package dev.kctl.apiserver.openapi;

import static dev.kctl.apiserver.openapi.SchemaNames.META;
import static dev.kctl.apiserver.openapi.SchemaNames.ref;

import dev.kctl.api.ResourceType;
import dev.kctl.apiserver.discovery.Subresource;
import dev.kctl.apiserver.discovery.Subresources;
import dev.kctl.apiserver.openapi.FieldSchema.Kind;
import dev.kctl.apiserver.openapi.TypeDef.FieldDef;
import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code components.schemas} of one group version's document, made from the schema data: a
 * schema per kind and per list kind, the kinds its subresources take, the {@code meta/v1} types
 * its operations use, and every type these refer to, each under the name Kubernetes gives it
 * ({@code io.k8s.api.core.v1.Container}). Field schemas take the shapes kube-apiserver gives them,
 * so that {@code kubectl explain} walks them and {@code kubectl apply} finds the merge keys.
 */
final class Schemas {
  /** The meta types the operations of every document use, whatever its kinds refer to. */
  private static final List<String> OPERATION_TYPES = List.of(
      META + "Status", META + "DeleteOptions", META + "Patch", META + "ListMeta", META + "ObjectMeta");

  private final SchemaData data;

  private Schemas(SchemaData data) {
    this.data = data;
  }

  static ObjectNode forTypes(List<ResourceType> types) {
    return new Schemas(SchemaIndex.load().data()).build(types);
  }

  private ObjectNode build(List<ResourceType> types) {
    List<String> roots = new ArrayList<>(OPERATION_TYPES);
    for (ResourceType type : types) {
      roots.add(SchemaNames.kind(type.group(), type.version(), type.kind()));
      for (Subresource sub : Subresources.of(type)) {
        if (!sub.name().equals("log")) {
          roots.add(SchemaNames.kind(sub.group(), sub.version(), sub.kind()));
        }
      }
    }
    SortedMap<String, ObjectNode> byName = new TreeMap<>();
    for (String name : data.closure(roots)) {
      byName.put(name, type(data.require(name)));
    }
    for (ResourceType type : types) {
      byName.put(SchemaNames.kind(type.group(), type.version(), type.kind() + "List"), list(type));
    }
    ObjectNode schemas = Json.object();
    byName.forEach(schemas::set);
    return schemas;
  }

  private ObjectNode type(TypeDef type) {
    ObjectNode schema = Json.object();
    schema.put("description", type.description());
    switch (type.value()) {
      case OBJECT -> {
        ObjectNode properties = schema.putObject("properties");
        type.fields().values().forEach(field -> properties.set(field.name(), field(field)));
        if (!type.required().isEmpty()) {
          ArrayNode required = schema.putArray("required");
          type.required().forEach(required::add);
        }
        schema.put("type", "object");
        type.kind().ifPresent(gvk -> gvk(schema, gvk.group(), gvk.version(), gvk.kind()));
        if (!type.mapType().isEmpty()) {
          schema.put("x-kubernetes-map-type", type.mapType());
        }
      }
      case QUANTITY -> {
        ArrayNode oneOf = schema.putArray("oneOf");
        oneOf.addObject().put("type", "string");
        oneOf.addObject().put("type", "number");
      }
      case INT_OR_STRING -> {
        schema.put("format", "int-or-string");
        ArrayNode oneOf = schema.putArray("oneOf");
        oneOf.addObject().put("type", "integer");
        oneOf.addObject().put("type", "string");
      }
      case ANY -> schema.put("type", "object");
      case STRING, INTEGER, NUMBER, BOOLEAN -> {
        if (!type.format().isEmpty()) {
          schema.put("format", type.format());
        }
        schema.put("type", openApiType(type.value()));
      }
      case LIST, MAP -> throw new IllegalStateException("a named type is never a list or map: " + type.name());
    }
    return schema;
  }

  private ObjectNode field(FieldDef field) {
    ObjectNode schema = switch (field.type()) {
      case TypeRef.Named named -> {
        // OpenAPI 3.0 ignores siblings of $ref, so a reference with a description goes in allOf.
        ObjectNode ref = Json.object();
        ref.putArray("allOf").addObject().put("$ref", ref(named.name()));
        ref.put("description", field.description());
        yield ref;
      }
      case TypeRef.Scalar scalar -> {
        ObjectNode value = scalar(scalar);
        value.put("description", field.description());
        yield value;
      }
      case TypeRef.ListOf list -> {
        ObjectNode array = Json.object();
        array.put("description", field.description());
        array.set("items", item(list.items()));
        array.put("type", "array");
        yield array;
      }
      case TypeRef.MapOf map -> {
        ObjectNode object = Json.object();
        object.set("additionalProperties", item(map.values()));
        object.put("description", field.description());
        object.put("type", "object");
        yield object;
      }
    };
    field.defaultValue().ifPresent(value -> schema.set("default", value.deepCopy()));
    if (!field.listMapKeys().isEmpty()) {
      ArrayNode keys = schema.putArray("x-kubernetes-list-map-keys");
      field.listMapKeys().forEach(keys::add);
    }
    if (!field.listType().isEmpty()) {
      schema.put("x-kubernetes-list-type", field.listType());
    }
    if (!field.mapType().isEmpty()) {
      schema.put("x-kubernetes-map-type", field.mapType());
    }
    if (!field.patchMergeKey().isEmpty()) {
      schema.put("x-kubernetes-patch-merge-key", field.patchMergeKey());
    }
    if (!field.patchStrategies().isEmpty()) {
      schema.put("x-kubernetes-patch-strategy", String.join(",", field.patchStrategies()));
    }
    return schema;
  }

  /** The schema of a list's items or a map's values. */
  private ObjectNode item(TypeRef type) {
    return switch (type) {
      case TypeRef.Named named -> {
        ObjectNode ref = Json.object();
        if (data.require(named.name()).isObject()) {
          ref.putArray("allOf").addObject().put("$ref", ref(named.name()));
          ref.putObject("default");
        } else {
          ref.put("$ref", ref(named.name()));
        }
        yield ref;
      }
      case TypeRef.Scalar scalar -> scalar(scalar);
      case TypeRef.ListOf list -> {
        ObjectNode array = Json.object();
        array.set("items", item(list.items()));
        array.put("type", "array");
        yield array;
      }
      case TypeRef.MapOf map -> {
        ObjectNode object = Json.object();
        object.set("additionalProperties", item(map.values()));
        object.put("type", "object");
        yield object;
      }
    };
  }

  private static ObjectNode scalar(TypeRef.Scalar scalar) {
    ObjectNode schema = Json.object();
    if (scalar.kind() == Kind.ANY) {
      schema.put("type", "object");
      schema.put("x-kubernetes-preserve-unknown-fields", true);
      return schema;
    }
    if (!scalar.format().isEmpty()) {
      schema.put("format", scalar.format());
    }
    schema.put("type", openApiType(scalar.kind()));
    return schema;
  }

  private static String openApiType(Kind kind) {
    return switch (kind) {
      case STRING -> "string";
      case INTEGER -> "integer";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case OBJECT, MAP, ANY -> "object";
      case LIST -> "array";
      case INT_OR_STRING, QUANTITY -> throw new IllegalArgumentException(kind + " has no single OpenAPI type");
    };
  }

  private static ObjectNode list(ResourceType type) {
    ObjectNode schema = Json.object();
    schema.put("description", "A list of " + type.kind() + " objects.");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("apiVersion").put("description", "The versioned schema of this representation of the list.")
        .put("type", "string");
    ObjectNode items = properties.putObject("items");
    items.put("description", "The objects.");
    items.putObject("items").putArray("allOf").addObject()
        .put("$ref", ref(SchemaNames.kind(type.group(), type.version(), type.kind())));
    items.put("type", "array");
    properties.putObject("kind").put("description", "The kind of the list, in CamelCase.").put("type", "string");
    ObjectNode metadata = properties.putObject("metadata");
    metadata.putArray("allOf").addObject().put("$ref", ref(META + "ListMeta"));
    metadata.put("description", "Standard list metadata.");
    schema.putArray("required").add("items");
    schema.put("type", "object");
    gvk(schema, type.group(), type.version(), type.kind() + "List");
    return schema;
  }

  private static void gvk(ObjectNode schema, String group, String version, String kind) {
    // Schemas carry a list (one schema may serve several kinds); operations carry a single one.
    ObjectNode entry = schema.putArray("x-kubernetes-group-version-kind").addObject();
    entry.put("group", group);
    entry.put("kind", kind);
    entry.put("version", version);
  }
}
