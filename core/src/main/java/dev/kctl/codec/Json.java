package dev.kctl.codec;

import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON codec: Kubernetes objects are kept as Jackson trees so that every field survives a
 * round trip, whatever kctl knows of it. Methods throw {@link JacksonException} (unchecked) on
 * malformed input; callers that face users turn it into an error that names the source.
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonMapper STRICT = JsonMapper.builder()
      .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Json() {}

  /** The shared mapper; it is immutable and safe to use from any thread. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static JsonNode parse(byte[] json) {
    return MAPPER.readTree(json);
  }

  public static JsonNode parse(String json) {
    return MAPPER.readTree(json);
  }

  public static JsonNode parse(InputStream json) {
    return MAPPER.readTree(json);
  }

  /**
   * Parses like {@link #parse(byte[])} but refuses an object that names a field twice, which
   * plain parsing silently resolves to the last value.
   */
  public static JsonNode parseStrict(byte[] json) {
    return STRICT.readTree(json);
  }

  /** Parses a document that must be a JSON object, as every Kubernetes object and list is. */
  public static ObjectNode parseObject(byte[] json) {
    return asObject(parse(json));
  }

  public static ObjectNode parseObject(String json) {
    return asObject(parse(json));
  }

  public static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  public static String string(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  public static String pretty(JsonNode node) {
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  private static ObjectNode asObject(JsonNode node) {
    if (node instanceof ObjectNode object) {
      return object;
    }
    throw new IllegalArgumentException("expected a JSON object but found " + node.getNodeType());
  }
}
