package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kctl get TYPE[,TYPE] [NAME...]} or {@code kctl get TYPE/NAME...}: prints objects as the
 * server's Table for them (the columns kube-apiserver prints), or as YAML, JSON, names, a JSONPath
 * template or custom columns; {@code all} stands for the types of the "all" category. A name that
 * is not found is reported on stderr and makes the exit code 1; the others are still printed.
 * {@code -w} keeps printing rows as the objects change, until interrupted.
 */
@Command(name = "get", description = "Display one or many objects.")
final class GetCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TYPE[,TYPE] [NAME...] | TYPE/NAME",
      completionCandidates = Completion.TypeNames.class,
      description = "What to show: types (pods, deploy, all, ...) and names.")
  List<String> args;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "wide, yaml, json, name, jsonpath=TEMPLATE or custom-columns=HEADER:PATH,...")
  String output;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Only objects with these labels, e.g. app=tomcat,tier!=db.")
  String selector;

  @Option(names = "--field-selector", paramLabel = "SELECTOR",
      description = "Only objects whose fields match, e.g. status.phase=Running.")
  String fieldSelector;

  @Option(names = {"-A", "--all-namespaces"}, description = "List objects of all namespaces.")
  boolean allNamespaces;

  @Option(names = "--no-headers", description = "Leave out the header line of tables, for scripts.")
  boolean noHeaders;

  @Option(names = "--show-labels", description = "Add a LABELS column to tables.")
  boolean showLabels;

  @Option(names = "--sort-by", paramLabel = "JSONPATH",
      description = "Sort by the value of this field, e.g. .metadata.name or {.status.startTime}.")
  String sortBy;

  @Option(names = {"-w", "--watch"}, description = "After listing, print changes as they happen.")
  boolean watch;

  @Option(names = "--watch-only", description = "Print changes as they happen, without listing first.")
  boolean watchOnly;

  private int failures;

  @Override
  public Integer call() throws InterruptedException {
    Map<ResourceType, List<String>> requests = byType(Resources.parse(args));
    if (selector != null && requests.values().stream().anyMatch(names -> !names.isEmpty())) {
      throw new CommandException("name cannot be provided when a selector is specified");
    }
    OutputFormat format = OutputFormat.parse(output);
    SortKey sortKey = sortBy == null ? null : SortKey.parse(sortBy);
    Session session = kctl.session();
    String namespace = allNamespaces ? null : session.namespace();
    if (watch || watchOnly) {
      return watch(session.client(), requests, namespace, format);
    }
    if (format instanceof OutputFormat.Table table) {
      printTables(session.client(), requests, namespace, table.wide(), sortKey);
    } else {
      printObjects(session.client(), requests, namespace, format, sortKey);
    }
    return failures == 0 ? 0 : ErrorReporter.FAILED;
  }

  private int watch(Client client, Map<ResourceType, List<String>> requests, String namespace,
      OutputFormat format) throws InterruptedException {
    if (requests.size() != 1) {
      throw new CommandException("you may only specify a single resource type");
    }
    var request = requests.entrySet().iterator().next();
    List<String> names = request.getValue();
    if (names.size() > 1) {
      throw new CommandException("watch is only supported on individual resources and resource"
          + " collections, but " + names.size() + " resources were found");
    }
    ResourceType type = request.getKey();
    ListOptions options = listOptions();
    if (names.size() == 1) {
      options = options.withFieldSelector("metadata.name=" + names.getFirst());
    }
    WatchPrinter printer = new WatchPrinter(client, type, type.namespaced() ? namespace : null,
        options, format, allNamespaces && type.namespaced(), showLabels, spec.commandLine().getOut());
    return printer.run(!watchOnly, noHeaders);
  }

  private void printTables(Client client, Map<ResourceType, List<String>> requests, String namespace,
      boolean wide, SortKey sortKey) {
    PrintWriter out = spec.commandLine().getOut();
    Map<ResourceType, List<ObjectNode>> found = new LinkedHashMap<>();
    for (var request : requests.entrySet()) {
      List<ObjectNode> tables = tables(client, request.getKey(), request.getValue(), namespace);
      if (!tables.isEmpty()) {
        found.put(request.getKey(), tables);
      }
    }
    // As kubectl, names carry their type when the answers (not the requests) span several types.
    boolean withKind = found.size() > 1;
    boolean printed = false;
    for (var answer : found.entrySet()) {
      ResourceType type = answer.getKey();
      String prefix = withKind ? Resources.typeName(type) + "/" : "";
      boolean namespaceColumn = allNamespaces && type.namespaced();
      TableView view = null;
      for (ObjectNode table : answer.getValue()) {
        if (sortKey != null) {
          sortRows(client, type, namespace, table, sortKey);
        }
        TableView part = TableView.of(table, wide, namespaceColumn, prefix, showLabels);
        view = view == null ? part : view.plus(part);
      }
      if (view == null || view.isEmpty()) {
        continue;
      }
      if (printed) {
        out.println();
      }
      view.lines().stream().skip(noHeaders ? 1 : 0).forEach(out::println);
      printed = true;
    }
    if (!printed && failures == 0) {
      noneFound(requests, namespace);
    }
  }

  private List<ObjectNode> tables(Client client, ResourceType type, List<String> names, String namespace) {
    String scoped = type.namespaced() ? namespace : null;
    if (names.isEmpty()) {
      return List.of(client.table(type, scoped, null, listOptions()));
    }
    List<ObjectNode> tables = new ArrayList<>();
    for (String name : names) {
      ObjectNode table = orNotFound(() -> client.table(type, scoped, name, ListOptions.NONE));
      if (table != null) {
        tables.add(table);
      }
    }
    return tables;
  }

  /**
   * Orders the table's rows by the objects' sort values. Rows carry only metadata, so the values
   * come from the full objects, listed once.
   */
  private void sortRows(Client client, ResourceType type, String namespace, ObjectNode table, SortKey sortKey) {
    Map<String, JsonNode> keys = new HashMap<>();
    String scoped = type.namespaced() ? namespace : null;
    for (JsonNode item : client.list(type, scoped, listOptions()).path("items")) {
      keys.put(key(item), sortKey.of(item));
    }
    List<JsonNode> rows = new ArrayList<>();
    table.path("rows").forEach(rows::add);
    rows.sort(Comparator.comparing(row -> keys.get(key(row.path("object"))), SortKey.ORDER));
    ArrayNode sorted = table.putArray("rows");
    rows.forEach(sorted::add);
  }

  private static String key(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    return metadata.path("namespace").asString("") + "/" + metadata.path("name").asString("");
  }

  private void printObjects(Client client, Map<ResourceType, List<String>> requests, String namespace,
      OutputFormat format, SortKey sortKey) {
    List<ObjectNode> items = new ArrayList<>();
    Map<ObjectNode, ResourceType> types = new java.util.IdentityHashMap<>();
    boolean single = requests.size() == 1 && requests.values().iterator().next().size() == 1;
    for (var request : requests.entrySet()) {
      ResourceType type = request.getKey();
      String scoped = type.namespaced() ? namespace : null;
      List<ObjectNode> found = new ArrayList<>();
      if (request.getValue().isEmpty()) {
        for (JsonNode item : client.list(type, scoped, listOptions()).path("items")) {
          found.add(ObjectFormat.withKind((ObjectNode) item, type));
        }
      }
      for (String name : request.getValue()) {
        ObjectNode object = orNotFound(() -> client.get(type, scoped, name));
        if (object != null) {
          found.add(ObjectFormat.withKind(object, type));
        }
      }
      found.forEach(item -> types.put(item, type));
      items.addAll(found);
    }
    if (sortKey != null) {
      items.sort(Comparator.comparing(sortKey::of, SortKey.ORDER));
    }
    PrintWriter out = spec.commandLine().getOut();
    JsonNode document = single && items.size() == 1 ? items.getFirst() : ObjectFormat.list(items);
    switch (format) {
      case OutputFormat.Name name -> {
        items.forEach(item -> out.println(Resources.ref(types.get(item), item.path("metadata").path("name").asString(""))));
        if (items.isEmpty() && failures == 0) {
          noneFound(requests, namespace);
        }
      }
      case OutputFormat.Yaml yaml -> out.print(ObjectFormat.yaml(document));
      case OutputFormat.Json json -> out.print(ObjectFormat.json(document));
      case OutputFormat.Template template -> out.print(template.template().render(document));
      case OutputFormat.Columns columns -> {
        TableView view = customColumns(columns, items);
        if (items.isEmpty() && failures == 0) {
          noneFound(requests, namespace);
        } else {
          view.lines().stream().skip(noHeaders ? 1 : 0).forEach(out::println);
        }
      }
      case OutputFormat.Table table -> throw new IllegalStateException("tables are printed by printTables");
    }
  }

  /** The rows of {@code -o custom-columns}: several values of one cell joined by commas. */
  static TableView customColumns(OutputFormat.Columns columns, List<ObjectNode> items) {
    List<String> headers = columns.columns().stream().map(OutputFormat.Column::header).toList();
    List<List<String>> rows = new ArrayList<>();
    for (ObjectNode item : items) {
      List<String> cells = new ArrayList<>();
      for (OutputFormat.Column column : columns.columns()) {
        List<String> values = column.path().select(item).stream()
            .map(dev.kctl.cli.jsonpath.JsonPath::text).toList();
        cells.add(values.isEmpty() ? TableView.NONE : String.join(",", values));
      }
      rows.add(cells);
    }
    return new TableView(headers, rows);
  }

  private ListOptions listOptions() {
    ListOptions options = ListOptions.NONE;
    if (selector != null) {
      options = options.withLabelSelector(selector);
    }
    if (fieldSelector != null) {
      options = options.withFieldSelector(fieldSelector);
    }
    return options;
  }

  /** The call's result, or null after reporting NotFound (the other names are still shown). */
  private ObjectNode orNotFound(Supplier<ObjectNode> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
      spec.commandLine().getErr().println(ErrorReporter.fromServer(e));
      failures++;
      return null;
    }
  }

  private void noneFound(Map<ResourceType, List<String>> requests, String namespace) {
    boolean namespaced = requests.keySet().stream().anyMatch(ResourceType::namespaced);
    spec.commandLine().getErr().println(namespace != null && namespaced
        ? "No resources found in " + namespace + " namespace."
        : "No resources found");
  }

  /** The requests merged by type, in the order the types were first named. */
  private static Map<ResourceType, List<String>> byType(List<Resources.Request> requests) {
    Map<ResourceType, List<String>> byType = new LinkedHashMap<>();
    for (Resources.Request request : requests) {
      byType.computeIfAbsent(request.type(), t -> new ArrayList<>()).addAll(request.names());
    }
    return byType;
  }
}
