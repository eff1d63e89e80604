package dev.kctl.codec;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds JSON trees from a token stream one root value (one YAML document) at a time, recording
 * the line of every field and list item on the way: Jackson's own tree reading keeps no locations.
 */
final class ManifestTreeReader {
  /** One non-empty document: its tree, where it starts, and the line of each field path. */
  record Document(JsonNode root, int line, int column, Map<String, Integer> fieldLines) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonParser parser;
  private final String source;
  private Map<String, Integer> lines;

  ManifestTreeReader(JsonParser parser, String source) {
    this.parser = parser;
    this.source = source;
  }

  /** The next document that is not empty, or null at the end of the input. */
  Document next() {
    for (JsonToken token; (token = parser.nextToken()) != null; ) {
      if (token == JsonToken.VALUE_NULL) {
        continue; // an empty YAML document: "---" followed by nothing or only comments
      }
      TokenStreamLocation start = parser.currentTokenLocation();
      lines = new HashMap<>();
      JsonNode root = value(token, "");
      return new Document(root, start.getLineNr(), start.getColumnNr(), lines);
    }
    return null;
  }

  private JsonNode value(JsonToken token, String path) {
    return switch (token) {
      case START_OBJECT -> object(path);
      case START_ARRAY -> array(path);
      case VALUE_STRING -> NODES.stringNode(parser.getString());
      case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
        case INT -> NODES.numberNode(parser.getIntValue());
        case LONG -> NODES.numberNode(parser.getLongValue());
        case BIG_INTEGER, BIG_DECIMAL, FLOAT, DOUBLE -> NODES.numberNode(parser.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT -> parser.getEmbeddedObject() instanceof byte[] bytes
          ? NODES.binaryNode(bytes)
          : NODES.stringNode(parser.getString());
      case NOT_AVAILABLE, END_OBJECT, END_ARRAY, PROPERTY_NAME ->
          throw new StreamReadException(parser, "unexpected " + token + " in " + source);
    };
  }

  private ObjectNode object(String path) {
    ObjectNode object = NODES.objectNode();
    for (JsonToken token; (token = nextToken()) != JsonToken.END_OBJECT; ) {
      if (token != JsonToken.PROPERTY_NAME) {
        throw new StreamReadException(parser, "expected a field name, found " + token);
      }
      String name = parser.currentName();
      if (object.has(name)) {
        throw new StreamReadException(parser, "duplicate field \"" + name + "\""
            + (path.isEmpty() ? "" : " in " + path.substring(1)));
      }
      String child = path + ManifestFieldPath.key(name);
      lines.put(child, parser.currentTokenLocation().getLineNr());
      object.set(name, value(nextToken(), child));
    }
    return object;
  }

  private ArrayNode array(String path) {
    ArrayNode array = NODES.arrayNode();
    int index = 0;
    for (JsonToken token; (token = nextToken()) != JsonToken.END_ARRAY; index++) {
      String child = path + ManifestFieldPath.index(index);
      lines.put(child, parser.currentTokenLocation().getLineNr());
      array.add(value(token, child));
    }
    return array;
  }

  private JsonToken nextToken() {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new StreamReadException(parser, "unexpected end of input");
    }
    return token;
  }
}
