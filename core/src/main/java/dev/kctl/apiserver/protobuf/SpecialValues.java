package dev.kctl.apiserver.protobuf;

import dev.kctl.apiserver.openapi.ProtobufMessage.Special;
import dev.kctl.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The messages of apimachinery whose JSON form is a scalar: times, int-or-strings, quantities and
 * embedded JSON text. Each reads the message's own fields and returns the JSON value, or null
 * when the message stands for an absent value (an empty time).
 */
final class SpecialValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Kubernetes' RFC3339Micro: always six fraction digits, in UTC. */
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

  private SpecialValues() {}

  static JsonNode read(Special special, WireReader message) {
    return switch (special) {
      case TIME -> time(message, false);
      case MICRO_TIME -> time(message, true);
      case INT_OR_STRING -> intOrString(message);
      case QUANTITY -> quantity(message);
      case RAW_JSON -> rawJson(message);
    };
  }

  /**
   * {@code {int64 seconds = 1; int32 nanos = 2}}. Go's zero time is written as an empty message,
   * which its JSON writes as null: an absent value here.
   */
  private static JsonNode time(WireReader message, boolean micro) {
    if (message.atEnd()) {
      return null;
    }
    long seconds = 0;
    long nanos = 0;
    while (!message.atEnd()) {
      long tag = message.readTag();
      switch ((int) (tag >>> 3)) {
        case 1 -> seconds = expectVarint(message, tag, "seconds");
        case 2 -> nanos = (int) expectVarint(message, tag, "nanos");
        default -> message.skip((int) (tag & 7));
      }
    }
    Instant instant = Instant.ofEpochSecond(seconds, nanos);
    return NODES.stringNode(micro
        ? MICROS.format(instant.truncatedTo(ChronoUnit.MICROS))
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)));
  }

  /** {@code {int64 type = 1; int32 intVal = 2; string strVal = 3}}; type 1 is a string. */
  private static JsonNode intOrString(WireReader message) {
    long type = 0;
    int intVal = 0;
    String strVal = "";
    while (!message.atEnd()) {
      long tag = message.readTag();
      switch ((int) (tag >>> 3)) {
        case 1 -> type = expectVarint(message, tag, "type");
        case 2 -> intVal = (int) expectVarint(message, tag, "intVal");
        case 3 -> strVal = expectString(message, tag, "strVal");
        default -> message.skip((int) (tag & 7));
      }
    }
    return type == 1 ? NODES.stringNode(strVal) : NODES.numberNode(intVal);
  }

  /** {@code {string string = 1}}: the quantity's canonical text; a zero quantity when absent. */
  private static JsonNode quantity(WireReader message) {
    String text = "0";
    while (!message.atEnd()) {
      long tag = message.readTag();
      if ((tag >>> 3) == 1) {
        text = expectString(message, tag, "string");
      } else {
        message.skip((int) (tag & 7));
      }
    }
    return NODES.stringNode(text);
  }

  /** {@code {bytes raw = 1}} holding JSON text, such as the field set of a managed fields entry. */
  private static JsonNode rawJson(WireReader message) {
    byte[] raw = new byte[0];
    while (!message.atEnd()) {
      long tag = message.readTag();
      if ((tag >>> 3) == 1) {
        requireWireType(tag, WireReader.LENGTH_DELIMITED, "raw");
        raw = message.readDelimited().remaining();
      } else {
        message.skip((int) (tag & 7));
      }
    }
    if (raw.length == 0) {
      return null;
    }
    try {
      return Json.parse(raw);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("a raw JSON field of the protobuf body is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private static long expectVarint(WireReader message, long tag, String field) {
    requireWireType(tag, WireReader.VARINT, field);
    return message.readVarint();
  }

  private static String expectString(WireReader message, long tag, String field) {
    requireWireType(tag, WireReader.LENGTH_DELIMITED, field);
    return new String(message.readDelimited().remaining(), StandardCharsets.UTF_8);
  }

  private static void requireWireType(long tag, int expected, String field) {
    if ((tag & 7) != expected) {
      throw new IllegalArgumentException("field " + field + " (" + (tag >>> 3) + ") has wire type "
          + (tag & 7) + " where " + expected + " belongs");
    }
  }
}
