package dev.kctl.apiserver.protobuf;

import dev.kctl.apiserver.openapi.ProtobufMessage;
import dev.kctl.apiserver.openapi.ProtobufMessage.Field;
import dev.kctl.apiserver.openapi.ProtobufMessage.Inline;
import dev.kctl.apiserver.openapi.ProtobufMessage.Message;
import dev.kctl.apiserver.openapi.ProtobufMessage.Opaque;
import dev.kctl.apiserver.openapi.ProtobufMessage.Scalar;
import dev.kctl.apiserver.openapi.ProtobufMessage.Special;
import dev.kctl.apiserver.openapi.ProtobufMessage.Type;
import dev.kctl.apiserver.openapi.ProtobufMessage.Value;
import dev.kctl.apiserver.openapi.SchemaIndex;
import dev.kctl.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a protobuf message into the JSON object the API would have, walking the layout the schema
 * data gives for its type: field numbers become JSON names, repeated fields arrays, map entries
 * object members, and embedded Go structs fields of their parent. Field numbers the layout does
 * not name are skipped, as any protobuf reader skips unknown fields.
 *
 * <p>A message that is not one of Kubernetes' own fails with an {@link IllegalArgumentException}
 * naming the field and message where reading went wrong.
 */
final class MessageDecoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SchemaIndex index;

  MessageDecoder(SchemaIndex index) {
    this.index = index;
  }

  ObjectNode decode(ProtobufMessage message, WireReader reader) {
    ObjectNode out = Json.object();
    decodeInto(message, reader, out);
    return out;
  }

  private void decodeInto(ProtobufMessage message, WireReader reader, ObjectNode out) {
    while (!reader.atEnd()) {
      int number = 0;
      try {
        long tag = reader.readTag();
        number = (int) (tag >>> 3);
        int wireType = (int) (tag & 7);
        Optional<Field> field = message.field(number);
        if (field.isEmpty()) {
          reader.skip(wireType);
          continue;
        }
        switch (field.get()) {
          case Inline inline -> {
            requireWireType(message, number, inline.message().name(), wireType, WireReader.LENGTH_DELIMITED);
            decodeInto(inline.message(), reader.readDelimited(), out);
          }
          case Value value -> read(message, value, wireType, reader, out);
        }
      } catch (WireReader.Truncated e) {
        throw new IllegalArgumentException(
            "truncated field " + number + " in message " + message.name() + ": found " + e.getMessage(), e);
      }
    }
  }

  private void read(ProtobufMessage message, Value value, int wireType, WireReader reader, ObjectNode out) {
    switch (value.shape()) {
      case SINGLE -> {
        JsonNode previous = out.get(value.name());
        JsonNode node = element(message, value, wireType, reader, previous);
        if (node == null || (!value.keepsZero() && isZero(node, value.type()))) {
          out.remove(value.name());
        } else {
          out.set(value.name(), node);
        }
      }
      case LIST -> {
        ArrayNode list = out.get(value.name()) instanceof ArrayNode existing ? existing : out.putArray(value.name());
        if (wireType == WireReader.LENGTH_DELIMITED && isPackable(value.type())) {
          // A packed repeated number: one length-delimited run of values instead of one per tag.
          WireReader packed = reader.readDelimited();
          int elementType = value.type() == Scalar.DOUBLE ? WireReader.FIXED64 : WireReader.VARINT;
          while (!packed.atEnd()) {
            list.add(element(message, value, elementType, packed, null));
          }
        } else {
          JsonNode node = element(message, value, wireType, reader, null);
          list.add(node == null ? NODES.nullNode() : node);
        }
      }
      case MAP -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.LENGTH_DELIMITED);
        ObjectNode map = out.get(value.name()) instanceof ObjectNode existing ? existing : out.putObject(value.name());
        WireReader entry = reader.readDelimited();
        String key = "";
        JsonNode entryValue = null;
        while (!entry.atEnd()) {
          long tag = entry.readTag();
          int entryWireType = (int) (tag & 7);
          switch ((int) (tag >>> 3)) {
            case 1 -> {
              requireWireType(message, value.number(), value.name() + " key", entryWireType, WireReader.LENGTH_DELIMITED);
              key = new String(entry.readDelimited().remaining(), StandardCharsets.UTF_8);
            }
            case 2 -> entryValue = element(message, value, entryWireType, entry, null);
            default -> entry.skip(entryWireType);
          }
        }
        map.set(key, entryValue == null ? absentMapValue(value.type()) : entryValue);
      }
    }
  }

  /**
   * One value of {@code value}'s type; null for a message that stands for an absent value. A
   * message read for a single field merges into {@code previous}, as protobuf merges a message
   * field that occurs twice.
   */
  private JsonNode element(ProtobufMessage message, Value value, int wireType, WireReader reader, JsonNode previous) {
    Type type = value.type();
    return switch (type) {
      case Scalar scalar -> scalar(message, value, scalar, wireType, reader);
      case Special special -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.LENGTH_DELIMITED);
        yield SpecialValues.read(special, reader.readDelimited());
      }
      case Message(String name) -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.LENGTH_DELIMITED);
        ProtobufMessage nested = index.protobufMessage(name)
            .orElseThrow(() -> new IllegalStateException("the schema data describes no message " + name));
        ObjectNode target = previous instanceof ObjectNode object ? object : Json.object();
        decodeInto(nested, reader.readDelimited(), target);
        yield target;
      }
      case Opaque opaque -> throw new IllegalArgumentException("field " + value.name() + " (" + value.number()
          + ") of message " + message.name() + " holds a value whose protobuf form kctl does not know;"
          + " send this object as JSON");
    };
  }

  private static JsonNode scalar(ProtobufMessage message, Value value, Scalar scalar, int wireType, WireReader reader) {
    return switch (scalar) {
      case STRING -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.LENGTH_DELIMITED);
        yield NODES.stringNode(new String(reader.readDelimited().remaining(), StandardCharsets.UTF_8));
      }
      case BYTES -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.LENGTH_DELIMITED);
        yield NODES.stringNode(Base64.getEncoder().encodeToString(reader.readDelimited().remaining()));
      }
      case INT32 -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.VARINT);
        // A negative int32 is written as a ten-byte varint of its 64-bit sign extension.
        yield NODES.numberNode((int) reader.readVarint());
      }
      case INT64 -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.VARINT);
        long number = reader.readVarint();
        // As JSON parsing does: an int node when the value fits, so both paths give equal trees.
        yield number == (int) number ? NODES.numberNode((int) number) : NODES.numberNode(number);
      }
      case BOOLEAN -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.VARINT);
        yield NODES.booleanNode(reader.readVarint() != 0);
      }
      case DOUBLE -> {
        requireWireType(message, value.number(), value.name(), wireType, WireReader.FIXED64);
        yield NODES.numberNode(Double.longBitsToDouble(reader.readFixed64()));
      }
    };
  }

  /** What JSON's omitempty leaves out: "", 0, false, and the zero quantity. */
  private static boolean isZero(JsonNode node, Type type) {
    if (node.isString()) {
      return node.asString().isEmpty() || (type == Special.QUANTITY && node.asString().equals("0"));
    }
    if (node.isNumber()) {
      return node.asDouble() == 0;
    }
    return node.isBoolean() && !node.asBoolean();
  }

  private static boolean isPackable(Type type) {
    return type == Scalar.INT32 || type == Scalar.INT64 || type == Scalar.BOOLEAN || type == Scalar.DOUBLE;
  }

  /** A map entry without value field holds the value type's zero. */
  private static JsonNode absentMapValue(Type type) {
    return switch (type) {
      case Scalar scalar -> switch (scalar) {
        case STRING, BYTES -> NODES.stringNode("");
        case INT32, INT64, DOUBLE -> NODES.numberNode(0);
        case BOOLEAN -> NODES.booleanNode(false);
      };
      case Special special -> special == Special.QUANTITY ? NODES.stringNode("0") : NODES.nullNode();
      case Message message -> Json.object();
      case Opaque opaque -> NODES.nullNode();
    };
  }

  private static void requireWireType(ProtobufMessage message, int number, String name, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("field " + name + " (" + number + ") of message " + message.name()
          + " has wire type " + actual + " where " + expected + " belongs");
    }
  }
}
