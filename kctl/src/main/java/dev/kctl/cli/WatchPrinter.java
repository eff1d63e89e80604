package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kctl get -w}: lists (unless watch-only), then prints one row per change of the watched
 * objects, as kubectl does. Rows of the table format come from the server's Table for the changed
 * object, asked for once per event; a deleted object is printed with its last known row. Columns
 * keep the widths they have reached, so the rows stay aligned under the header.
 *
 * <p>{@link #run} returns when the server ends the watch, or when the calling thread is
 * interrupted (Ctrl-C in the REPL), after closing the watch.
 */
final class WatchPrinter {
  private final Client client;
  private final ResourceType type;
  private final String namespace;
  private final ListOptions options;
  private final OutputFormat format;
  private final boolean namespaceColumn;
  private final boolean labelsColumn;
  private final PrintWriter out;
  /** The last row printed per object ({@code namespace/name}), for its DELETED event. */
  private final Map<String, List<String>> rows = new HashMap<>();
  private int[] widths;
  private List<String> headers;
  private boolean headerDone;

  /** An event or the end of the stream, handed from the watch thread to the printing thread. */
  private sealed interface Signal {
    record Event(WatchEvent event) implements Signal {}

    record End(ApiException cause) implements Signal {}
  }

  WatchPrinter(Client client, ResourceType type, String namespace, ListOptions options,
      OutputFormat format, boolean namespaceColumn, boolean labelsColumn, PrintWriter out) {
    this.client = client;
    this.type = type;
    this.namespace = namespace;
    this.options = options;
    this.format = format;
    this.namespaceColumn = namespaceColumn;
    this.labelsColumn = labelsColumn;
    this.out = out;
  }

  int run(boolean listFirst, boolean noHeaders) throws InterruptedException {
    headerDone = noHeaders;
    ObjectNode table = client.table(type, namespace, null, options);
    if (listFirst) {
      printTable(table);
    }
    BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    String from = table.path("metadata").path("resourceVersion").asString("");
    Watch watch = client.watch(type, namespace, options.withResourceVersion(from), new WatchHandler() {
      @Override
      public void onEvent(WatchEvent event) {
        signals.add(new Signal.Event(event));
      }

      @Override
      public void onClose(ApiException cause) {
        signals.add(new Signal.End(cause));
      }
    });
    try {
      while (true) {
        switch (signals.take()) {
          case Signal.Event(WatchEvent event) -> print(event);
          case Signal.End(ApiException cause) -> {
            if (cause != null) {
              throw cause;
            }
            return 0;
          }
        }
      }
    } catch (InterruptedException e) {
      // Ctrl-C in the REPL: the watch ends, the session goes on.
      return 0;
    } finally {
      watch.close();
    }
  }

  private void printTable(ObjectNode table) {
    if (!(format instanceof OutputFormat.Table)) {
      for (JsonNode row : table.path("rows")) {
        String name = row.path("object").path("metadata").path("name").asString("");
        printObject(client.get(type, namespaceOf(row.path("object")), name));
      }
      return;
    }
    TableView view = view(table);
    remember(table, view);
    if (!view.isEmpty()) {
      printLines(view);
    }
  }

  private void print(WatchEvent event) {
    ObjectNode object = event.object();
    switch (event.type()) {
      case ADDED, MODIFIED -> {
        if (!(format instanceof OutputFormat.Table)) {
          printObject(object);
          return;
        }
        String name = object.path("metadata").path("name").asString("");
        try {
          ObjectNode table = client.table(type, namespaceOf(object), name, ListOptions.NONE);
          TableView view = view(table);
          remember(table, view);
          printLines(view);
        } catch (ApiException e) {
          if (e.reason() != StatusReason.NotFound) {
            throw e;
          }
          printLastRow(object);
        }
      }
      case DELETED -> {
        if (format instanceof OutputFormat.Table) {
          printLastRow(object);
        } else {
          printObject(object);
        }
      }
      case ERROR -> throw ApiException.fromStatus(object, object.path("code").asInt(500));
      case BOOKMARK -> { }
    }
  }

  private void printLastRow(ObjectNode object) {
    List<String> row = rows.remove(key(object));
    if (row != null && headers != null) {
      printLines(new TableView(headers, List.of(row)));
    }
  }

  private TableView view(ObjectNode table) {
    boolean wide = format instanceof OutputFormat.Table(boolean w) && w;
    return TableView.of(table, wide, namespaceColumn, "", labelsColumn);
  }

  private void remember(ObjectNode table, TableView view) {
    if (widths == null) {
      widths = new int[view.headers().size()];
      headers = view.headers();
    }
    JsonNode tableRows = table.path("rows");
    for (int i = 0; i < tableRows.size() && i < view.rows().size(); i++) {
      rows.put(key(tableRows.get(i).path("object")), view.rows().get(i));
    }
  }

  private void printLines(TableView view) {
    boolean withHeader = !headerDone;
    headerDone = true;
    view.lines(withHeader, widths).forEach(out::println);
    out.flush();
  }

  private void printObject(ObjectNode object) {
    ObjectNode complete = ObjectFormat.withKind(object, type);
    switch (format) {
      case OutputFormat.Name name -> out.println(Resources.ref(type, complete.path("metadata").path("name").asString("")));
      case OutputFormat.Yaml yaml -> out.print("---\n" + ObjectFormat.yaml(complete));
      case OutputFormat.Json json -> out.print(ObjectFormat.json(complete));
      case OutputFormat.Template template -> out.print(template.template().render(complete));
      case OutputFormat.Columns columns -> {
        boolean withHeader = !headerDone;
        headerDone = true;
        TableView view = GetCommand.customColumns(columns, List.of(complete));
        if (widths == null) {
          widths = new int[view.headers().size()];
        }
        view.lines(withHeader, widths).forEach(out::println);
      }
      case OutputFormat.Table table -> throw new IllegalStateException("tables print rows");
    }
    out.flush();
  }

  private String namespaceOf(JsonNode object) {
    return type.namespaced() ? object.path("metadata").path("namespace").asString(namespace) : null;
  }

  private static String key(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return metadata.path("namespace").asString("") + "/" + metadata.path("name").asString("");
  }
}
