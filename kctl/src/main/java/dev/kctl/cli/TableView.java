package dev.kctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A server-side {@code Table} (meta.k8s.io/v1) as {@code kubectl get} prints it: upper-case headers,
 * the columns of priority 0 (all of them with {@code -o wide}), a NAMESPACE column first when
 * listing across namespaces, and names prefixed with their type when several types are listed.
 *
 * <p>Columns are laid out as kubectl's tab writer lays them out: each column is as wide as its
 * widest cell plus three spaces, at least six; the last column is not padded.
 *
 * @param headers the column titles
 * @param rows the cells of each row, as text, as many as headers
 */
record TableView(List<String> headers, List<List<String>> rows) {
  static final int PADDING = 3;
  static final int MIN_WIDTH = 6;
  static final String NONE = "<none>";

  TableView {
    headers = List.copyOf(headers);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /**
   * @param namePrefix put before each name, e.g. {@code deployment.apps/}; empty for none
   */
  static TableView of(ObjectNode table, boolean wide, boolean namespaceColumn, String namePrefix) {
    return of(table, wide, namespaceColumn, namePrefix, false);
  }

  /**
   * @param labelsColumn add kubectl's {@code --show-labels} column: the row object's labels as
   *     {@code k=v,...} sorted by key, or {@code <none>}
   */
  static TableView of(ObjectNode table, boolean wide, boolean namespaceColumn, String namePrefix,
      boolean labelsColumn) {
    List<Integer> shown = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    if (namespaceColumn) {
      headers.add("NAMESPACE");
    }
    int nameColumn = -1;
    JsonNode columns = table.path("columnDefinitions");
    for (int i = 0; i < columns.size(); i++) {
      JsonNode column = columns.get(i);
      if (column.path("format").asString("").equals("name") && nameColumn < 0) {
        nameColumn = i;
      }
      if (wide || column.path("priority").asInt(0) == 0) {
        shown.add(i);
        headers.add(column.path("name").asString("").toUpperCase(Locale.ROOT));
      }
    }
    if (nameColumn < 0) {
      nameColumn = 0;
    }
    if (labelsColumn) {
      headers.add("LABELS");
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : table.path("rows")) {
      List<String> cells = new ArrayList<>();
      if (namespaceColumn) {
        cells.add(row.path("object").path("metadata").path("namespace").asString(""));
      }
      JsonNode values = row.path("cells");
      for (int i : shown) {
        String text = cell(values.get(i));
        cells.add(i == nameColumn ? namePrefix + text : text);
      }
      if (labelsColumn) {
        cells.add(labels(row.path("object").path("metadata").path("labels")));
      }
      rows.add(cells);
    }
    return new TableView(headers, rows);
  }

  /** This table with the rows of {@code other} (same columns) appended. */
  TableView plus(TableView other) {
    List<List<String>> all = new ArrayList<>(rows);
    all.addAll(other.rows);
    return new TableView(headers, all);
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The header line and one line per row, without line separators. */
  List<String> lines() {
    return lines(true, new int[headers.size()]);
  }

  /**
   * The lines of the table, with or without its header, in columns at least as wide as
   * {@code widths}, which this widens to what the lines need: kubectl's tab writer remembers widths
   * across flushes, so that rows printed one by one under {@code get -w} stay aligned.
   */
  List<String> lines(boolean withHeader, int[] widths) {
    List<List<String>> all = new ArrayList<>();
    if (withHeader) {
      all.add(headers);
    }
    all.addAll(rows);
    int columns = headers.size();
    for (List<String> row : all) {
      for (int i = 0; i < columns - 1; i++) {
        widths[i] = Math.max(widths[i], Math.max(MIN_WIDTH, width(cellAt(row, i)) + PADDING));
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String text = cellAt(row, i);
        line.append(text);
        if (i < columns - 1) {
          line.repeat(' ', widths[i] - width(text));
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String cellAt(List<String> row, int i) {
    return i < row.size() ? row.get(i) : "";
  }

  private static int width(String text) {
    return text.codePointCount(0, text.length());
  }

  /** Labels as kubectl's {@code --show-labels} prints them. */
  static String labels(JsonNode labels) {
    if (labels == null || labels.isEmpty()) {
      return NONE;
    }
    java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
    labels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString("")));
    StringBuilder text = new StringBuilder();
    sorted.forEach((k, v) -> text.append(text.isEmpty() ? "" : ",").append(k).append('=').append(v));
    return text.toString();
  }

  /** A cell as kubectl prints it: text as is, numbers and booleans as literals, null as <none>. */
  private static String cell(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return NONE;
    }
    if (value.isValueNode()) {
      return value.asString();
    }
    return value.toString();
  }
}
