package dev.kctl.apiserver.table;

import dev.kctl.api.ResourceType;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code meta.k8s.io/v1 Table} form of objects, which {@code kubectl get} asks for: the
 * columns kube-apiserver prints for each kind, with cells formatted as it formats them, so kubectl
 * prints the same text it would print against Kubernetes. Kinds without a printer get NAME and AGE.
 *
 * <p>Every column is filled, wide ones included; kubectl hides priority 1 columns unless it runs
 * with {@code -o wide}. Ages are computed against the {@code now} the caller passes. The functions
 * are pure: they read the objects and return a new tree.
 */
public final class Tables {
  /** What each row carries in {@code object}: the {@code includeObject} query parameter. */
  public enum IncludeObject {
    /** No object: {@code includeObject=None}. */
    NONE,
    /** A {@code PartialObjectMetadata} with the object's metadata: kubectl's default. */
    METADATA,
    /** The whole object: {@code includeObject=Object}, which kubectl sends for {@code --sort-by}. */
    OBJECT;

    /**
     * The value of the query parameter ({@code None}, {@code Metadata}, {@code Object}); a missing
     * or empty one means {@link #METADATA}.
     *
     * @throws IllegalArgumentException for any other value, for a 400 that names it
     */
    public static IncludeObject parse(String value) {
      if (value == null || value.isEmpty()) {
        return METADATA;
      }
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "none" -> NONE;
        case "metadata" -> METADATA;
        case "object" -> OBJECT;
        default -> throw new IllegalArgumentException(
            "includeObject must be None, Metadata or Object, not \"" + value + "\"");
      };
    }
  }

  private Tables() {}

  /**
   * The table of {@code objects}, all of {@code type}, each row carrying the object's metadata.
   * For a single object, pass a list of one.
   *
   * @param resourceVersion the list's resourceVersion, or null for none (a table of one object)
   * @param continueToken the token of the next page, or null when this is the last page
   */
  public static ObjectNode table(
      ResourceType type, List<ObjectNode> objects, Instant now, String resourceVersion, String continueToken) {
    return table(type, objects, now, resourceVersion, continueToken, IncludeObject.METADATA);
  }

  /** As {@link #table(ResourceType, List, Instant, String, String)}, with rows carrying {@code include}. */
  public static ObjectNode table(
      ResourceType type,
      List<ObjectNode> objects,
      Instant now,
      String resourceVersion,
      String continueToken,
      IncludeObject include) {
    Printer printer = Printer.of(type);
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      metadata.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null && !continueToken.isEmpty()) {
      metadata.put("continue", continueToken);
    }
    ArrayNode columns = table.putArray("columnDefinitions");
    printer.columns().forEach(column -> columns.add(column.toJson()));
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      rows.add(row(printer, object, now, include));
    }
    return table;
  }

  private static ObjectNode row(Printer printer, ObjectNode object, Instant now, IncludeObject include) {
    ObjectNode row = Json.object();
    ArrayNode cells = row.putArray("cells");
    for (Object cell : printer.cells(object, now)) {
      switch (cell) {
        case String text -> cells.add(text);
        case Long number -> cells.add(number);
        default -> throw new IllegalStateException(
            "a printer made a cell of type " + cell.getClass().getName() + "; cells are strings or longs");
      }
    }
    List<ObjectNode> conditions = printer.conditions(object);
    if (!conditions.isEmpty()) {
      ArrayNode array = row.putArray("conditions");
      conditions.forEach(array::add);
    }
    switch (include) {
      case NONE -> { }
      case METADATA -> row.set("object", partialMetadata(object));
      case OBJECT -> row.set("object", object.deepCopy());
    }
    return row;
  }

  private static ObjectNode partialMetadata(ObjectNode object) {
    ObjectNode partial = Json.object();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    JsonNode metadata = object.get("metadata");
    partial.set("metadata", metadata instanceof ObjectNode m ? m.deepCopy() : Json.object());
    return partial;
  }
}
