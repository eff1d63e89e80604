package dev.kctl.apiserver.table;

import dev.kctl.codec.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * One column of a table, as in {@code meta.k8s.io/v1 TableColumnDefinition}.
 *
 * @param priority 0 for columns kubectl always shows, 1 for those it shows only with {@code -o wide}
 */
record Column(String name, String type, String format, String description, int priority) {

  static Column name(String description) {
    return new Column("Name", "string", "name", description, 0);
  }

  static Column age() {
    return new Column("Age", "string", "", "Time since the object was created.", 0);
  }

  static Column text(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  static Column integer(String name, String description) {
    return new Column(name, "integer", "", description, 0);
  }

  static Column wide(String name, String description) {
    return new Column(name, "string", "", description, 1);
  }

  ObjectNode toJson() {
    ObjectNode column = Json.object();
    column.put("name", name);
    column.put("type", type);
    column.put("format", format);
    column.put("description", description);
    column.put("priority", priority);
    return column;
  }
}
