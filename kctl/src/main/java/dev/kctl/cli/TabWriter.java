package dev.kctl.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns exactly as Go's {@code text/tabwriter} does with the
 * settings kubectl uses, so that {@code describe} lines up like kubectl's.
 *
 * <p>Text is split into lines and each line into cells at tabs; the last cell of a line is not
 * part of any column. A column block is a run of consecutive lines that all have a cell in that
 * column; each block is as wide as its widest cell plus the padding (at least the minimum width),
 * so a line without a tab ends every block above it. {@link #flush()} closes all blocks: text
 * written after it is aligned on its own.
 *
 * <p>Example (padding 2): {@code "Name:\tweb\nNamespace:\tdefault\n"} becomes
 * {@code "Name:       web\nNamespace:  default\n"}.
 */
final class TabWriter {
  private final int minWidth;
  private final int padding;
  private final StringBuilder out = new StringBuilder();
  private final List<List<String>> lines = new ArrayList<>();
  private List<String> cells = new ArrayList<>();
  private final StringBuilder cell = new StringBuilder();

  TabWriter(int minWidth, int padding) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  /** kubectl describe's settings: no minimum width, two spaces of padding. */
  static TabWriter forDescribe() {
    return new TabWriter(0, 2);
  }

  TabWriter write(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\t' -> endCell();
        case '\n' -> {
          endCell();
          lines.add(cells);
          cells = new ArrayList<>();
        }
        default -> cell.append(c);
      }
    }
    return this;
  }

  /** Writes {@code format} filled in with {@code args}, indented by two spaces per level. */
  TabWriter line(int level, String format, Object... args) {
    return write("  ".repeat(level) + (args.length == 0 ? format : format.formatted(args)));
  }

  /** Aligns and emits everything written so far. */
  TabWriter flush() {
    boolean partial = !cell.isEmpty() || !cells.isEmpty();
    if (partial) {
      endCell();
      lines.add(cells);
      cells = new ArrayList<>();
    }
    format(0, lines.size(), new ArrayList<>());
    if (partial && out.charAt(out.length() - 1) == '\n') {
      out.setLength(out.length() - 1);
    }
    lines.clear();
    return this;
  }

  /** Everything written, aligned (flushes first). */
  String text() {
    flush();
    return out.toString();
  }

  private void endCell() {
    cells.add(cell.toString());
    cell.setLength(0);
  }

  private void format(int line0, int line1, List<Integer> widths) {
    int column = widths.size();
    for (int row = line0; row < line1; row++) {
      if (column >= lines.get(row).size() - 1) {
        continue;
      }
      writeLines(line0, row, widths);
      line0 = row;
      int width = minWidth;
      for (; row < line1; row++) {
        List<String> line = lines.get(row);
        if (column >= line.size() - 1) {
          break;
        }
        width = Math.max(width, width(line.get(column)) + padding);
      }
      widths.add(width);
      format(line0, row, widths);
      widths.removeLast();
      line0 = row;
    }
    writeLines(line0, line1, widths);
  }

  private void writeLines(int line0, int line1, List<Integer> widths) {
    for (int row = line0; row < line1; row++) {
      List<String> line = lines.get(row);
      for (int j = 0; j < line.size(); j++) {
        String text = line.get(j);
        out.append(text);
        if (j < widths.size()) {
          out.repeat(' ', Math.max(0, widths.get(j) - width(text)));
        }
      }
      out.append('\n');
    }
  }

  private static int width(String text) {
    return text.codePointCount(0, text.length());
  }
}
