package dev.kctl.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import tools.jackson.dataformat.yaml.YAMLSchema;

/**
 * Reads Kubernetes manifests as {@code kubectl apply -f} does: a stream of YAML documents
 * separated by {@code ---}, or one or more JSON objects. Empty documents are skipped; an object
 * whose kind ends in {@code List} (a {@code v1 List}, say) stands for its {@code items}.
 *
 * <p>YAML is read as YAML 1.2 (core schema: {@code yes} and {@code on} are strings, not booleans),
 * with anchors and aliases expanded (at most 9,999 events replayed per input, Jackson's own
 * bound). Input is bounded, so that a hostile file cannot exhaust
 * memory: at most {@value #MAX_CHARS} characters, nesting depth {@value #MAX_DEPTH}, and
 * {@value #MAX_TOKENS} values and keys in all (which bounds what aliases can expand to). Duplicate
 * keys in one mapping are an error, as the API server's strict decoding makes them.
 *
 * <p>Every failure is a {@link ManifestException} naming {@code source:line:column} and the
 * problem; nothing is returned unless the whole input is good.
 */
public final class Manifests {
  /** Input size limit in characters (the API server refuses objects over 1.5 MiB anyway). */
  public static final int MAX_CHARS = 4 * 1024 * 1024;
  /** Nesting limit of mappings and lists. */
  public static final int MAX_DEPTH = 64;
  /** Limit on keys and values read, after alias expansion. */
  public static final int MAX_TOKENS = 1_000_000;

  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_DEPTH)
      .maxTokenCount(MAX_TOKENS)
      .maxDocumentLength(MAX_CHARS)
      .build();
  private static final TokenStreamFactory YAML = YAMLAnchorReplayingFactory.builder()
      .yamlSchema(YAMLSchema.CORE)
      .loadSettings(LoadSettings.builder()
          .setCodePointLimit(MAX_CHARS)
          // Set here too: explicit load settings replace the ones yamlSchema() would make.
          .setSchema(new CoreSchema())
          // Duplicates are caught while building the tree, with the same message for JSON.
          .setAllowDuplicateKeys(true)
          .setLabel("manifest")
          .build())
      .streamReadConstraints(LIMITS)
      .build();
  private static final TokenStreamFactory JSON =
      JsonFactory.builder().streamReadConstraints(LIMITS).build();

  private Manifests() {}

  /**
   * The objects in {@code text}, in order.
   *
   * @param source how to name the input in messages: the file name as the user gave it, or
   *     {@code STDIN}
   * @throws ManifestException if any document is malformed, over a limit, or not an object with
   *     {@code apiVersion}, {@code kind} and {@code metadata.name}
   */
  public static List<Manifest> read(String source, String text) {
    if (text.length() > MAX_CHARS) {
      throw new ManifestException(source, 0, 0,
          "is " + text.length() + " characters long; manifests are limited to " + MAX_CHARS, null);
    }
    TokenStreamFactory factory = looksLikeJson(text) ? JSON : YAML;
    List<Manifest> manifests = new ArrayList<>();
    try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), text)) {
      ManifestTreeReader reader = new ManifestTreeReader(parser, source);
      try {
        for (ManifestTreeReader.Document document; (document = reader.next()) != null; ) {
          addObjects(document, source, manifests);
        }
      } catch (JacksonException e) {
        TokenStreamLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        throw new ManifestException(source, where.getLineNr(), where.getColumnNr(), describe(e), e);
      }
    }
    return List.copyOf(manifests);
  }

  private static void addObjects(ManifestTreeReader.Document document, String source,
      List<Manifest> into) {
    if (!(document.root() instanceof ObjectNode object)) {
      throw new ManifestException(source, document.line(), document.column(),
          "expected an object with apiVersion, kind and metadata, found " + describe(document.root()),
          null);
    }
    String kind = object.path("kind").asString("");
    if (kind.endsWith("List") && object.get("items") instanceof ArrayNode items) {
      for (int i = 0; i < items.size(); i++) {
        String prefix = ManifestFieldPath.index(i);
        String itemPath = ".items" + prefix;
        int line = document.fieldLines().getOrDefault(itemPath, document.line());
        if (!(items.get(i) instanceof ObjectNode item)) {
          throw new ManifestException(source, line, 0, "item " + i + " of the " + kind
              + " is not an object but " + describe(items.get(i)), null);
        }
        into.add(checked(item, source, line, rebase(document.fieldLines(), itemPath),
            "item " + i + " of the " + kind));
      }
      return;
    }
    into.add(checked(object, source, document.line(), document.fieldLines(), "object"));
  }

  private static Manifest checked(ObjectNode object, String source, int line,
      Map<String, Integer> fieldLines, String what) {
    List<String> missing = new ArrayList<>();
    if (object.path("apiVersion").asString("").isEmpty()) {
      missing.add("apiVersion");
    }
    if (object.path("kind").asString("").isEmpty()) {
      missing.add("kind");
    }
    if (object.path("metadata").path("name").asString("").isEmpty()) {
      missing.add("metadata.name");
    }
    if (!missing.isEmpty()) {
      throw new ManifestException(source, line, 0,
          what + " is missing " + String.join(", ", missing), null);
    }
    return new Manifest(object, source, line, fieldLines);
  }

  /** The lines of the fields under {@code prefix}, with paths relative to it. */
  private static Map<String, Integer> rebase(Map<String, Integer> lines, String prefix) {
    Map<String, Integer> rebased = new HashMap<>();
    lines.forEach((path, line) -> {
      if (path.startsWith(prefix) && path.length() > prefix.length()) {
        char next = path.charAt(prefix.length());
        if (next == '.' || next == '[') {
          rebased.put(path.substring(prefix.length()), line);
        }
      }
    });
    return rebased;
  }

  private static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return c == '{';
      }
    }
    return false;
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "the text \"" + abbreviate(node.asString()) + "\"";
      case NUMBER, BOOLEAN -> "the value " + node;
      case NULL, MISSING -> "nothing";
      case BINARY, POJO -> "binary data";
    };
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  /**
   * The parser's message without snakeyaml's excerpt of the input ("in reader, line 3 ..." and the
   * caret lines): the location is already in front of the message.
   */
  static String describe(JacksonException e) {
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    List<String> kept = new ArrayList<>();
    for (String line : message.split("\n")) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        kept.add(line.strip());
      }
    }
    String text = kept.isEmpty() ? message.strip() : String.join(": ", kept);
    // Jackson names the setting behind a limit; the user needs the limit, not our code's names.
    return text.replaceAll(", from `[^`]*`", "");
  }
}
