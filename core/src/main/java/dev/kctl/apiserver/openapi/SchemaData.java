package dev.kctl.apiserver.openapi;

import dev.kctl.apiserver.openapi.FieldSchema.Kind;
import dev.kctl.apiserver.openapi.TypeDef.FieldDef;
import dev.kctl.apiserver.openapi.TypeDef.GroupVersionKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The schema data of the served kinds, read from the YAML files under
 * {@code dev/kctl/apiserver/schema} (their notation is explained in {@code index.yaml}).
 *
 * <p>Loading checks the data as a whole: every type a field names exists, keys are spelled right,
 * merge keys and map keys name fields of the list's items, required fields exist. A mistake fails
 * the load with a message naming the file, type and field, so a typo in the data cannot pass
 * unnoticed. The loaded data is immutable.
 */
final class SchemaData {
  static final String RESOURCE_DIR = "/dev/kctl/apiserver/schema/";

  private static final Set<String> TYPE_KEYS =
      Set.of("description", "fields", "required", "kind", "value", "format", "mapType", "inherit");
  private static final Set<String> FIELD_KEYS = Set.of(
      "type", "description", "patchStrategy", "patchMergeKey", "listType", "listMapKeys", "mapType", "default");

  private final SortedMap<String, TypeDef> types;

  private SchemaData(SortedMap<String, TypeDef> types) {
    this.types = types;
  }

  /** The data shipped with kctl, from the class path. */
  static SchemaData load() {
    return parse(file -> {
      InputStream in = SchemaData.class.getResourceAsStream(RESOURCE_DIR + file);
      if (in == null) {
        throw new IllegalStateException("schema data file " + RESOURCE_DIR + file + " is missing from the class path");
      }
      return in;
    });
  }

  /**
   * Reads {@code index.yaml} and the files it lists through {@code open}.
   *
   * @throws IllegalStateException when the data is not consistent; the message names the place
   */
  static SchemaData parse(Function<String, InputStream> open) {
    JsonNode index = read(open, "index.yaml");
    Map<String, String> aliases = new LinkedHashMap<>();
    index.path("aliases").properties().forEach(e -> aliases.put(e.getKey(), e.getValue().asString()));
    Map<String, RawType> raw = new LinkedHashMap<>();
    for (JsonNode file : index.path("files")) {
      String name = file.asString();
      JsonNode doc = read(open, name);
      String pkg = doc.path("package").asString("");
      if (pkg.isEmpty()) {
        throw new IllegalStateException("schema data file " + name + " names no package");
      }
      for (Map.Entry<String, JsonNode> type : doc.path("types").properties()) {
        String full = pkg + "." + type.getKey();
        if (raw.put(full, new RawType(name, pkg, type.getKey(), type.getValue())) != null) {
          throw new IllegalStateException("schema data file " + name + " defines " + full + " a second time");
        }
      }
    }
    SortedMap<String, TypeDef> types = new TreeMap<>();
    for (RawType type : raw.values()) {
      types.put(type.fullName(), type.toTypeDef(aliases, raw));
    }
    SchemaData data = new SchemaData(Collections.unmodifiableSortedMap(types));
    data.check();
    return data;
  }

  Optional<TypeDef> type(String name) {
    return Optional.ofNullable(types.get(name));
  }

  TypeDef require(String name) {
    TypeDef type = types.get(name);
    if (type == null) {
      throw new IllegalArgumentException("the schema data has no type " + name);
    }
    return type;
  }

  Collection<TypeDef> all() {
    return types.values();
  }

  /** The names of {@code roots} and of every type they refer to, directly or not, sorted. */
  SortedSet<String> closure(Collection<String> roots) {
    SortedSet<String> seen = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (seen.add(name)) {
        for (FieldDef field : require(name).fields().values()) {
          named(field.type()).ifPresent(todo::push);
        }
      }
    }
    return seen;
  }

  /** The named type at the bottom of lists and maps, if any. */
  static Optional<String> named(TypeRef type) {
    return switch (type) {
      case TypeRef.Named named -> Optional.of(named.name());
      case TypeRef.ListOf list -> named(list.items());
      case TypeRef.MapOf map -> named(map.values());
      case TypeRef.Scalar scalar -> Optional.empty();
    };
  }

  private void check() {
    for (TypeDef type : types.values()) {
      for (FieldDef field : type.fields().values()) {
        String where = type.name() + "." + field.name();
        named(field.type()).ifPresent(target -> {
          if (!types.containsKey(target)) {
            throw new IllegalStateException("schema field " + where + " refers to the undefined type " + target);
          }
        });
        if (!field.listMapKeys().isEmpty() && !field.listType().equals("map")) {
          throw new IllegalStateException("schema field " + where + " has listMapKeys but listType is not map");
        }
        List<String> itemKeys = new ArrayList<>(field.listMapKeys());
        if (!field.patchMergeKey().isEmpty()) {
          itemKeys.add(field.patchMergeKey());
        }
        if (!itemKeys.isEmpty()) {
          TypeDef items = field.type() instanceof TypeRef.ListOf(TypeRef.Named(String itemType))
              ? require(itemType) : null;
          for (String key : itemKeys) {
            if (items != null && !items.fields().containsKey(key)) {
              throw new IllegalStateException(
                  "schema field " + where + " is keyed by " + key + ", which its items do not have");
            }
          }
        }
        if (!field.patchMergeKey().isEmpty() && !field.patchStrategies().contains("merge")) {
          throw new IllegalStateException("schema field " + where + " has a merge key without patch strategy merge");
        }
      }
      for (String required : type.required()) {
        if (!type.fields().containsKey(required)) {
          throw new IllegalStateException("schema type " + type.name() + " requires the undefined field " + required);
        }
      }
    }
  }

  private static JsonNode read(Function<String, InputStream> open, String file) {
    try (InputStream in = open.apply(file)) {
      return YAMLMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema data file " + file, e);
    }
  }

  /** A type as written in its file, resolved once all files are read (for {@code inherit}). */
  private record RawType(String file, String pkg, String simpleName, JsonNode node) {
    String fullName() {
      return pkg + "." + simpleName;
    }

    TypeDef toTypeDef(Map<String, String> aliases, Map<String, RawType> all) {
      unknownKeys(node, TYPE_KEYS, "type " + fullName());
      Map<String, FieldDef> fields = new LinkedHashMap<>();
      if (node.has("inherit")) {
        String parent = ((TypeRef.Named) parseType(node.path("inherit").asString(), aliases)).name();
        RawType base = all.get(parent);
        if (base == null) {
          throw error("inherits from the undefined type " + parent);
        }
        fields.putAll(base.toTypeDef(aliases, all).fields());
      }
      Optional<GroupVersionKind> kind = Optional.empty();
      if (node.has("kind")) {
        JsonNode gvk = node.path("kind");
        kind = Optional.of(new GroupVersionKind(
            gvk.path("group").asString(""), gvk.path("version").asString(""), gvk.path("kind").asString("")));
        // Every kind carries its type metadata; the data leaves it out rather than repeat it.
        fields.put("apiVersion", FieldDef.plain("apiVersion", new TypeRef.Scalar(Kind.STRING, ""),
            "The versioned schema of this representation of the object, such as v1 or apps/v1."));
        fields.put("kind", FieldDef.plain("kind", new TypeRef.Scalar(Kind.STRING, ""),
            "The kind of the object, in CamelCase."));
      }
      for (Map.Entry<String, JsonNode> field : node.path("fields").properties()) {
        fields.put(field.getKey(), field(field.getKey(), field.getValue(), aliases));
      }
      Kind value = switch (node.path("value").asString("object")) {
        case "object" -> Kind.OBJECT;
        case "string" -> Kind.STRING;
        case "quantity" -> Kind.QUANTITY;
        case "int-or-string" -> Kind.INT_OR_STRING;
        case "any" -> Kind.ANY;
        default -> throw error("has the unknown value shape " + node.path("value").asString());
      };
      if (value != Kind.OBJECT && !fields.isEmpty()) {
        throw error("is a scalar and has fields");
      }
      List<String> required = new ArrayList<>();
      node.path("required").forEach(r -> required.add(r.asString()));
      return new TypeDef(fullName(), description(node), value, node.path("format").asString(""), kind,
          new TreeMap<>(fields), required, node.path("mapType").asString(""));
    }

    private FieldDef field(String name, JsonNode value, Map<String, String> aliases) {
      if (value.isString()) {
        String[] parts = value.asString().split(" \\| ", 2);
        if (parts.length != 2) {
          throw error("field " + name + " is not written as \"TYPE | description\": " + value.asString());
        }
        return FieldDef.plain(name, parseType(parts[0], aliases), parts[1].strip());
      }
      if (!value.isObject()) {
        throw error("field " + name + " is neither \"TYPE | description\" nor a mapping");
      }
      unknownKeys(value, FIELD_KEYS, "field " + fullName() + "." + name);
      List<String> mapKeys = new ArrayList<>();
      value.path("listMapKeys").forEach(k -> mapKeys.add(k.asString()));
      String strategy = value.path("patchStrategy").asString("");
      return new FieldDef(
          name,
          parseType(value.path("type").asString(""), aliases),
          description(value),
          strategy.isEmpty() ? List.of() : List.of(strategy.split(",")),
          value.path("patchMergeKey").asString(""),
          value.path("listType").asString(""),
          mapKeys,
          value.path("mapType").asString(""),
          Optional.ofNullable(value.get("default")));
    }

    private TypeRef parseType(String text, Map<String, String> aliases) {
      if (text.isBlank()) {
        throw error("has a field without a type");
      }
      try {
        return TypeRef.parse(text, pkg, aliases);
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }

    private String description(JsonNode node) {
      String description = node.path("description").asString("");
      if (description.isBlank()) {
        throw error("has something without a description");
      }
      return description.strip();
    }

    private void unknownKeys(JsonNode node, Set<String> allowed, String what) {
      for (String key : node.propertyNames()) {
        if (!allowed.contains(key)) {
          throw error(what + " has the unknown key \"" + key + "\"; allowed are " + new TreeSet<>(allowed));
        }
      }
    }

    private IllegalStateException error(String message) {
      return new IllegalStateException("schema data file " + file + ", type " + simpleName + ": " + message);
    }
  }
}
