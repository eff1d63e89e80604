package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.codec.Json;
import java.util.List;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** Objects as {@code -o yaml} and {@code -o json} print them, in kubectl's layout. */
final class ObjectFormat {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      // resourceVersion: "20" must read back as the string it is, as kubectl prints it.
      .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build();
  // kubectl indents JSON by four spaces and writes "name": value.
  private static final DefaultIndenter FOUR_SPACES = new DefaultIndenter("    ", "\n");
  private static final ObjectWriter JSON = Json.mapper().writer().with(new DefaultPrettyPrinter(
      Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("").withArrayEmptySeparator(""))
      .withObjectIndenter(FOUR_SPACES)
      .withArrayIndenter(FOUR_SPACES));

  private ObjectFormat() {}

  static String yaml(JsonNode node) {
    return YAML.writeValueAsString(node);
  }

  /** Pretty JSON ending in a newline. */
  static String json(JsonNode node) {
    return JSON.writeValueAsString(node) + "\n";
  }

  /** A {@code v1 List} of {@code items}, as kubectl prints several objects. */
  static ObjectNode list(List<ObjectNode> items) {
    ObjectNode list = Json.object();
    list.put("apiVersion", "v1");
    var array = list.putArray("items");
    items.forEach(array::add);
    list.put("kind", "List");
    list.putObject("metadata").put("resourceVersion", "");
    return list;
  }

  /** The item with {@code apiVersion} and {@code kind} filled in: list replies may leave them out. */
  static ObjectNode withKind(ObjectNode item, ResourceType type) {
    if (item.has("apiVersion") && item.has("kind")) {
      return item;
    }
    ObjectNode complete = Json.object();
    complete.put("apiVersion", type.apiVersion());
    complete.put("kind", type.kind());
    item.properties().forEach(field -> complete.set(field.getKey(), field.getValue()));
    return complete;
  }
}
