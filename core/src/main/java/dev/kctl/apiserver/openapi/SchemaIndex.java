package dev.kctl.apiserver.openapi;

import dev.kctl.api.ApiException.Cause;
import dev.kctl.api.ResourceType;
import dev.kctl.apiserver.openapi.FieldSchema.Kind;
import dev.kctl.apiserver.openapi.TypeDef.FieldDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The schemas of the served kinds, for code that acts on fields by what Kubernetes says of them:
 * strict field validation ({@link #unknownFields}), strategic merge ({@link #mergeKey},
 * {@link #field}), defaulting, and reading protobuf request bodies ({@link #protobufMessage}). The
 * same data makes the OpenAPI documents, so what kubectl is told and what the server does agree.
 *
 * <p>Paths name fields from the object's root: {@code ["spec", "template", "spec", "containers",
 * "ports"]}. A list is stepped through without a segment (the path above names the {@code ports}
 * of the containers' items); a map, such as {@code labels}, takes one segment for its key. Below a
 * field of {@link Kind#ANY} nothing is described.
 *
 * <p>An instance is immutable and safe to share between threads; {@link #load()} returns the same
 * one every time.
 */
public final class SchemaIndex {
  private final SchemaData data;
  private final ProtobufData protobuf;

  private SchemaIndex(SchemaData data, ProtobufData protobuf) {
    this.data = data;
    this.protobuf = protobuf;
  }

  /**
   * The index over the schema data shipped with kctl, read on first use.
   *
   * @throws IllegalStateException when the shipped data is broken (a build that passes its tests
   *     cannot have broken data)
   */
  public static SchemaIndex load() {
    return Shared.INDEX;
  }

  /** The data behind the index, for the OpenAPI documents. */
  SchemaData data() {
    return data;
  }

  /** The schema name of a served kind, such as {@code io.k8s.api.apps.v1.Deployment}. */
  public static String schemaName(ResourceType type) {
    return SchemaNames.kind(type.group(), type.version(), type.kind());
  }

  /**
   * The schema name of the top-level kind {@code kind} of {@code group} (empty for the core group)
   * and {@code version}, such as {@code io.k8s.api.autoscaling.v1.Scale}; empty when the schema
   * data has no such kind.
   */
  public Optional<String> kindSchemaName(String group, String version, String kind) {
    TypeDef.GroupVersionKind wanted = new TypeDef.GroupVersionKind(group, version, kind);
    return data.all().stream()
        .filter(type -> type.kind().filter(wanted::equals).isPresent())
        .map(TypeDef::name)
        .findFirst();
  }

  /**
   * How the type {@code schemaName} is written in Kubernetes' protobuf encoding; empty when the
   * data does not describe it. Every top-level kind is described, and so is every message a
   * described field refers to.
   */
  public Optional<ProtobufMessage> protobufMessage(String schemaName) {
    return protobuf.message(schemaName);
  }

  /**
   * The field at {@code path} in objects of {@code type}; the empty path gives the object itself.
   * Empty when the schema does not define that field, or it lies below a field of any value.
   *
   * @throws IllegalArgumentException when {@code type} is not a kind of the schema data
   */
  public Optional<FieldSchema> field(ResourceType type, List<String> path) {
    String root = schemaName(type);
    data.require(root);
    TypeRef current = new TypeRef.Named(root);
    FieldDef field = FieldDef.plain(type.kind(), current, data.require(root).description());
    for (String segment : path) {
      TypeRef container = itemsOf(current);
      switch (container) {
        case TypeRef.Named named -> {
          FieldDef next = data.require(named.name()).fields().get(segment);
          if (next == null) {
            return Optional.empty();
          }
          field = next;
          current = next.type();
        }
        case TypeRef.MapOf map -> {
          field = FieldDef.plain(segment, map.values(), field.description());
          current = map.values();
        }
        case TypeRef.Scalar scalar -> {
          return Optional.empty();
        }
        case TypeRef.ListOf list -> throw new IllegalStateException("itemsOf returns no list");
      }
    }
    return Optional.of(describe(field, current));
  }

  /**
   * The merge key of the list at {@code listPath}, such as {@code name} for
   * {@code spec.containers}: present when a strategic merge patch merges that list item by item.
   * Empty for lists that are replaced whole, lists of scalars and paths that are no list.
   */
  public Optional<String> mergeKey(ResourceType type, List<String> listPath) {
    return field(type, listPath).filter(FieldSchema::mergesByKey).map(FieldSchema::patchMergeKey);
  }

  /**
   * The fields of {@code object} that the schema of {@code type} does not define, as the paths
   * kube-apiserver names them in strict field validation: {@code spec.replicass},
   * {@code spec.template.spec.containers[0].imagee}. Map keys are free and values of any shape are
   * not looked into; a value of the wrong shape is not an unknown field (validation reports it).
   * Empty when every field is known.
   */
  public List<String> unknownFields(ResourceType type, JsonNode object) {
    List<String> unknown = new ArrayList<>();
    walk(new TypeRef.Named(schemaName(type)), object, "", unknown);
    return List.copyOf(unknown);
  }

  private void walk(TypeRef type, JsonNode value, String path, List<String> unknown) {
    switch (type) {
      case TypeRef.ListOf list -> {
        if (value.isArray()) {
          for (int i = 0; i < value.size(); i++) {
            walk(list.items(), value.get(i), path + "[" + i + "]", unknown);
          }
        }
      }
      case TypeRef.MapOf map -> {
        if (value.isObject()) {
          for (Map.Entry<String, JsonNode> entry : value.properties()) {
            walk(map.values(), entry.getValue(), join(path, entry.getKey()), unknown);
          }
        }
      }
      case TypeRef.Named named -> {
        TypeDef def = data.require(named.name());
        if (def.isObject() && value.isObject()) {
          for (Map.Entry<String, JsonNode> entry : value.properties()) {
            FieldDef field = def.fields().get(entry.getKey());
            String fieldPath = join(path, entry.getKey());
            if (field == null) {
              unknown.add(fieldPath);
            } else {
              walk(field.type(), entry.getValue(), fieldPath, unknown);
            }
          }
        }
      }
      case TypeRef.Scalar scalar -> {
        // A scalar has no fields, and ANY keeps whatever it holds.
      }
    }
  }

  /**
   * The values of {@code object} whose JSON type is not the one its field's schema gives, such as
   * {@code spec.replicas} "expected an integer, found the string "two"": kube-apiserver cannot
   * decode such a body at all, whatever the field validation. JSON null is accepted anywhere, as
   * it decodes to the field's zero value. Empty when every value has its type.
   */
  public List<Cause> wrongTypes(ResourceType type, JsonNode object) {
    List<Cause> wrong = new ArrayList<>();
    checkTypes(new TypeRef.Named(schemaName(type)), object, "", wrong);
    return List.copyOf(wrong);
  }

  private void checkTypes(TypeRef type, JsonNode value, String path, List<Cause> wrong) {
    if (value.isNull()) {
      return;
    }
    Kind expected = kindOf(type);
    if (!hasKind(value, expected)) {
      wrong.add(new Cause("FieldValueTypeInvalid", "expected " + describe(expected) + ", found " + describe(value), path));
      return;
    }
    switch (type) {
      case TypeRef.ListOf list -> {
        for (int i = 0; i < value.size(); i++) {
          checkTypes(list.items(), value.get(i), path + "[" + i + "]", wrong);
        }
      }
      case TypeRef.MapOf map -> {
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
          checkTypes(map.values(), entry.getValue(), join(path, entry.getKey()), wrong);
        }
      }
      case TypeRef.Named named -> {
        TypeDef def = data.require(named.name());
        if (def.isObject()) {
          for (Map.Entry<String, JsonNode> entry : value.properties()) {
            FieldDef field = def.fields().get(entry.getKey());
            if (field != null) {
              checkTypes(field.type(), entry.getValue(), join(path, entry.getKey()), wrong);
            }
          }
        }
      }
      case TypeRef.Scalar scalar -> {
        // Checked above; a scalar has nothing inside.
      }
    }
  }

  private static boolean hasKind(JsonNode value, Kind kind) {
    return switch (kind) {
      case OBJECT, MAP -> value.isObject();
      case LIST -> value.isArray();
      case STRING -> value.isString();
      case INTEGER -> value.isIntegralNumber();
      case NUMBER -> value.isNumber();
      case BOOLEAN -> value.isBoolean();
      case INT_OR_STRING -> value.isIntegralNumber() || value.isString();
      case QUANTITY -> value.isNumber() || value.isString();
      case ANY -> true;
    };
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case OBJECT, MAP -> "an object";
      case LIST -> "a list";
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case INT_OR_STRING -> "an integer or a string";
      case QUANTITY -> "a quantity such as 500m or 1Gi";
      case ANY -> "any value";
    };
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
    if (value.isString()) {
      return "the string " + shown;
    }
    if (value.isObject()) {
      return "an object";
    }
    return value.isArray() ? "a list" : shown;
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Lists are stepped through: a path segment below a list names a field of its items. */
  private static TypeRef itemsOf(TypeRef type) {
    TypeRef current = type;
    while (current instanceof TypeRef.ListOf list) {
      current = list.items();
    }
    return current;
  }

  private FieldSchema describe(FieldDef field, TypeRef type) {
    Kind kind = kindOf(type);
    String format = type instanceof TypeRef.Scalar scalar ? scalar.format()
        : type instanceof TypeRef.Named named ? data.require(named.name()).format() : "";
    Optional<Kind> itemKind = switch (type) {
      case TypeRef.ListOf list -> Optional.of(kindOf(list.items()));
      case TypeRef.MapOf map -> Optional.of(kindOf(map.values()));
      case TypeRef.Named named -> Optional.empty();
      case TypeRef.Scalar scalar -> Optional.empty();
    };
    String mapType = field.mapType().isEmpty() && type instanceof TypeRef.Named named
        ? data.require(named.name()).mapType() : field.mapType();
    return new FieldSchema(
        field.name(),
        kind,
        format,
        SchemaData.named(type).orElse(""),
        itemKind,
        field.description(),
        field.patchStrategies(),
        field.patchMergeKey(),
        field.listType(),
        field.listMapKeys(),
        mapType,
        field.defaultValue());
  }

  private Kind kindOf(TypeRef type) {
    return switch (type) {
      case TypeRef.Scalar scalar -> scalar.kind();
      case TypeRef.Named named -> data.require(named.name()).value();
      case TypeRef.ListOf list -> Kind.LIST;
      case TypeRef.MapOf map -> Kind.MAP;
    };
  }

  /** Loaded on first use; class initialization is lazy and thread-safe. */
  private static final class Shared {
    static final SchemaIndex INDEX = load();

    private static SchemaIndex load() {
      SchemaData data = SchemaData.load();
      return new SchemaIndex(data, ProtobufData.load(data));
    }
  }
}
