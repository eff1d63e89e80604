package dev.kctl.apiserver.openapi;

import dev.kctl.apiserver.openapi.ProtobufMessage.Field;
import dev.kctl.apiserver.openapi.ProtobufMessage.Inline;
import dev.kctl.apiserver.openapi.ProtobufMessage.Message;
import dev.kctl.apiserver.openapi.ProtobufMessage.Opaque;
import dev.kctl.apiserver.openapi.ProtobufMessage.Scalar;
import dev.kctl.apiserver.openapi.ProtobufMessage.Shape;
import dev.kctl.apiserver.openapi.ProtobufMessage.Special;
import dev.kctl.apiserver.openapi.ProtobufMessage.Type;
import dev.kctl.apiserver.openapi.ProtobufMessage.Value;
import dev.kctl.apiserver.openapi.TypeDef.FieldDef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The protobuf layout of the schema's types, read from {@code protobuf.yaml} (its notation is
 * explained there) and checked against the schema data: each listed type exists, each of its
 * fields has exactly one place, field numbers are not used twice, and every type a listed field
 * refers to is listed too. Every top-level kind is listed. A mistake fails the load with a message
 * naming the type and field.
 */
final class ProtobufData {
  static final String FILE = "protobuf.yaml";

  private static final Pattern PLACE = Pattern.compile("(\\d+)(?:/(\\d+))?(\\*?)");
  private static final Set<String> TYPE_META = Set.of("apiVersion", "kind");

  private final SortedMap<String, ProtobufMessage> messages;

  private ProtobufData(SortedMap<String, ProtobufMessage> messages) {
    this.messages = Collections.unmodifiableSortedMap(messages);
  }

  /** The layout shipped with kctl, for {@code data}. */
  static ProtobufData load(SchemaData data) {
    return parse(data, file -> {
      InputStream in = ProtobufData.class.getResourceAsStream(SchemaData.RESOURCE_DIR + file);
      if (in == null) {
        throw new IllegalStateException(
            "schema data file " + SchemaData.RESOURCE_DIR + file + " is missing from the class path");
      }
      return in;
    });
  }

  /**
   * Reads {@code protobuf.yaml}, and the aliases of {@code index.yaml}, through {@code open}.
   *
   * @throws IllegalStateException when the layout does not fit {@code data}
   */
  static ProtobufData parse(SchemaData data, Function<String, InputStream> open) {
    Map<String, String> aliases = new HashMap<>();
    read(open, "index.yaml").path("aliases").properties()
        .forEach(e -> aliases.put(e.getKey(), e.getValue().asString()));
    JsonNode doc = read(open, FILE);
    Map<String, Special> scalars = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : doc.path("scalars").properties()) {
      String name = resolve(entry.getKey(), aliases);
      TypeDef type = data.type(name)
          .orElseThrow(() -> error(entry.getKey(), "is no type of the schema data"));
      if (type.isObject()) {
        throw error(entry.getKey(), "is an object in the schema data, not a scalar");
      }
      scalars.put(name, special(entry.getKey(), entry.getValue().asString("")));
    }
    Map<String, JsonNode> raw = new LinkedHashMap<>();
    doc.path("messages").properties().forEach(e -> raw.put(resolve(e.getKey(), aliases), e.getValue()));
    SortedMap<String, ProtobufMessage> messages = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : raw.entrySet()) {
      TypeDef type = data.type(entry.getKey())
          .orElseThrow(() -> error(entry.getKey(), "is no type of the schema data"));
      messages.put(entry.getKey(), new Builder(type, scalars).build(entry.getValue()));
    }
    ProtobufData result = new ProtobufData(messages);
    result.check(data);
    return result;
  }

  Optional<ProtobufMessage> message(String name) {
    return Optional.ofNullable(messages.get(name));
  }

  private void check(SchemaData data) {
    for (TypeDef type : data.all()) {
      if (type.kind().isPresent() && !messages.containsKey(type.name())) {
        throw error(type.name(), "is a kind, and " + FILE + " does not describe its message");
      }
    }
    for (ProtobufMessage message : messages.values()) {
      checkReferences(message);
    }
  }

  private void checkReferences(ProtobufMessage message) {
    for (Field field : message.fields().values()) {
      switch (field) {
        case Inline inline -> checkReferences(inline.message());
        case Value value -> {
          if (value.type() instanceof Message(String target) && !messages.containsKey(target)) {
            throw error(message.name(), "field " + value.name() + " refers to " + target
                + ", whose message is not described");
          }
        }
      }
    }
  }

  private static Special special(String type, String form) {
    return switch (form) {
      case "time" -> Special.TIME;
      case "micro-time" -> Special.MICRO_TIME;
      case "int-or-string" -> Special.INT_OR_STRING;
      case "quantity" -> Special.QUANTITY;
      case "raw-json" -> Special.RAW_JSON;
      default -> throw error(type, "has the unknown scalar form \"" + form
          + "\"; known are time, micro-time, int-or-string, quantity, raw-json");
    };
  }

  private static String resolve(String aliased, Map<String, String> aliases) {
    int dot = aliased.indexOf('.');
    String pkg = dot < 0 ? null : aliases.get(aliased.substring(0, dot));
    if (pkg == null) {
      throw error(aliased, "is not written as alias.Name with an alias of index.yaml");
    }
    return pkg + "." + aliased.substring(dot + 1);
  }

  private static JsonNode read(Function<String, InputStream> open, String file) {
    try (InputStream in = open.apply(file)) {
      return YAMLMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema data file " + file, e);
    }
  }

  private static IllegalStateException error(String type, String message) {
    return new IllegalStateException("schema data file " + FILE + ", type " + type + ": " + message);
  }

  /** Builds the message of one type from its entry, field by field. */
  private static final class Builder {
    private final TypeDef type;
    private final Map<String, Special> scalars;
    private final SortedMap<Integer, Field> top = new TreeMap<>();
    private final SortedMap<Integer, SortedMap<Integer, Field>> embedded = new TreeMap<>();

    Builder(TypeDef type, Map<String, Special> scalars) {
      this.type = type;
      this.scalars = scalars;
    }

    ProtobufMessage build(JsonNode entry) {
      if (!entry.isObject()) {
        throw error(type.name(), "is not a mapping of field names to places");
      }
      for (Map.Entry<String, JsonNode> field : entry.properties()) {
        FieldDef def = type.fields().get(field.getKey());
        if (def == null) {
          throw error(type.name(), "has no field " + field.getKey());
        }
        place(def, field.getValue().asString(""));
      }
      for (FieldDef def : type.fields().values()) {
        boolean fromEnvelope = type.kind().isPresent() && TYPE_META.contains(def.name());
        if (!fromEnvelope && !entry.has(def.name())) {
          throw error(type.name(), "field " + def.name() + " has no field number");
        }
      }
      embedded.forEach((number, fields) ->
          top.put(number, new Inline(number, new ProtobufMessage(type.name() + "/" + number, fields))));
      return new ProtobufMessage(type.name(), top);
    }

    private void place(FieldDef def, String place) {
      if (place.equals("envelope")) {
        if (!TYPE_META.contains(def.name())) {
          throw error(type.name(), "field " + def.name() + " is not type metadata and cannot come from the envelope");
        }
        return;
      }
      Matcher m = PLACE.matcher(place);
      if (!m.matches()) {
        throw error(type.name(), "field " + def.name() + " has the place \"" + place
            + "\"; write N, N*, N/M, N/M* or envelope");
      }
      int number = Integer.parseInt(m.group(1));
      boolean pointer = !m.group(3).isEmpty();
      Value value = value(def, m.group(2) == null ? number : Integer.parseInt(m.group(2)), pointer);
      if (m.group(2) == null) {
        if (embedded.containsKey(number)) {
          throw error(type.name(), "field " + def.name() + " has number " + number + ", which holds an embedded message");
        }
        put(top, value);
      } else {
        if (top.containsKey(number)) {
          throw error(type.name(), "field " + def.name() + " is embedded in field " + number + ", which holds "
              + ((Value) top.get(number)).name());
        }
        put(embedded.computeIfAbsent(number, n -> new TreeMap<>()), value);
      }
    }

    private void put(SortedMap<Integer, Field> fields, Value value) {
      Field previous = fields.putIfAbsent(value.number(), value);
      if (previous != null) {
        throw error(type.name(), "fields " + ((Value) previous).name() + " and " + value.name()
            + " have the same number " + value.number());
      }
    }

    private Value value(FieldDef def, int number, boolean pointer) {
      Shape shape = switch (def.type()) {
        case TypeRef.ListOf list -> Shape.LIST;
        case TypeRef.MapOf map -> Shape.MAP;
        case TypeRef.Named named -> Shape.SINGLE;
        case TypeRef.Scalar scalar -> Shape.SINGLE;
      };
      TypeRef element = switch (def.type()) {
        case TypeRef.ListOf list -> list.items();
        case TypeRef.MapOf map -> map.values();
        case TypeRef.Named named -> named;
        case TypeRef.Scalar scalar -> scalar;
      };
      Type valueType = switch (element) {
        case TypeRef.Scalar scalar -> scalar(def, scalar);
        case TypeRef.Named named -> scalars.containsKey(named.name())
            ? scalars.get(named.name()) : new Message(named.name());
        case TypeRef.ListOf list -> throw nested(def);
        case TypeRef.MapOf map -> throw nested(def);
      };
      if (pointer && (shape != Shape.SINGLE || valueType instanceof Message)) {
        throw error(type.name(), "field " + def.name() + " is marked as a pointer (*), which only single scalars can be");
      }
      // Only a single scalar has a zero value; a message, list or map is never dropped as zero.
      boolean zeroable = shape == Shape.SINGLE && !(valueType instanceof Message);
      return new Value(number, def.name(), shape, valueType,
          zeroable && (pointer || type.required().contains(def.name())));
    }

    private Type scalar(FieldDef def, TypeRef.Scalar scalar) {
      return switch (scalar.kind()) {
        case STRING -> scalar.format().equals("byte") ? Scalar.BYTES : Scalar.STRING;
        case INTEGER -> scalar.format().equals("int64") ? Scalar.INT64 : Scalar.INT32;
        case NUMBER -> Scalar.DOUBLE;
        case BOOLEAN -> Scalar.BOOLEAN;
        case ANY -> new Opaque();
        case OBJECT, LIST, MAP, INT_OR_STRING, QUANTITY ->
            throw error(type.name(), "field " + def.name() + " has a scalar of shape " + scalar.kind());
      };
    }

    private IllegalStateException nested(FieldDef def) {
      return error(type.name(), "field " + def.name() + " nests lists or maps, which protobuf cannot");
    }
  }
}
