package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kctl get TYPE[,TYPE] [NAME...]} or {@code kctl get TYPE/NAME...}: prints objects as the
 * server's Table for them (the columns kube-apiserver prints), or as YAML, JSON or names. A name
 * that is not found is reported on stderr and makes the exit code 1; the others are still printed.
 */
@Command(name = "get", description = "Display one or many objects.")
final class GetCommand implements Callable<Integer> {
  /** The {@code -o} formats; without one, the table. */
  enum Output { WIDE, YAML, JSON, NAME }

  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TYPE[,TYPE] [NAME...] | TYPE/NAME",
      description = "What to show: types (pods, deploy, ...) and names.")
  List<String> args;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "wide (more columns), yaml, json or name.")
  Output output;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Only objects with these labels, e.g. app=tomcat,tier!=db.")
  String selector;

  @Option(names = {"-A", "--all-namespaces"}, description = "List objects of all namespaces.")
  boolean allNamespaces;

  @Option(names = "--no-headers", description = "Leave out the header line of tables, for scripts.")
  boolean noHeaders;

  private int failures;

  @Override
  public Integer call() {
    Map<ResourceType, List<String>> requests = byType(Resources.parse(args));
    if (selector != null && requests.values().stream().anyMatch(names -> !names.isEmpty())) {
      throw new CommandException("name cannot be provided when a selector is specified");
    }
    Session session = kctl.session();
    String namespace = allNamespaces ? null : session.namespace();
    if (output == null || output == Output.WIDE) {
      printTables(session.client(), requests, namespace);
    } else {
      printObjects(session.client(), requests, namespace);
    }
    return failures == 0 ? 0 : ErrorReporter.FAILED;
  }

  private void printTables(Client client, Map<ResourceType, List<String>> requests, String namespace) {
    PrintWriter out = spec.commandLine().getOut();
    boolean withKind = requests.size() > 1;
    boolean printed = false;
    for (var request : requests.entrySet()) {
      ResourceType type = request.getKey();
      String prefix = withKind ? Resources.typeName(type) + "/" : "";
      boolean namespaceColumn = allNamespaces && type.namespaced();
      TableView view = null;
      for (ObjectNode table : tables(client, type, request.getValue(), namespace)) {
        TableView part = TableView.of(table, output == Output.WIDE, namespaceColumn, prefix);
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

  private void printObjects(Client client, Map<ResourceType, List<String>> requests, String namespace) {
    List<ObjectNode> items = new ArrayList<>();
    List<ResourceType> types = new ArrayList<>();
    boolean single = requests.size() == 1 && requests.values().iterator().next().size() == 1;
    for (var request : requests.entrySet()) {
      ResourceType type = request.getKey();
      String scoped = type.namespaced() ? namespace : null;
      if (request.getValue().isEmpty()) {
        for (JsonNode item : client.list(type, scoped, listOptions()).path("items")) {
          items.add(ObjectFormat.withKind((ObjectNode) item, type));
          types.add(type);
        }
      }
      for (String name : request.getValue()) {
        ObjectNode object = orNotFound(() -> client.get(type, scoped, name));
        if (object != null) {
          items.add(ObjectFormat.withKind(object, type));
          types.add(type);
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (output) {
      case NAME -> {
        for (int i = 0; i < items.size(); i++) {
          out.println(Resources.ref(types.get(i), items.get(i).path("metadata").path("name").asString("")));
        }
        if (items.isEmpty() && failures == 0) {
          noneFound(requests, namespace);
        }
      }
      case YAML -> out.print(ObjectFormat.yaml(single && items.size() == 1 ? items.getFirst() : ObjectFormat.list(items)));
      case JSON -> out.print(ObjectFormat.json(single && items.size() == 1 ? items.getFirst() : ObjectFormat.list(items)));
      case WIDE -> throw new IllegalStateException("-o wide prints a table");
    }
  }

  private ListOptions listOptions() {
    return selector == null ? ListOptions.NONE : ListOptions.NONE.withLabelSelector(selector);
  }

  /** The call's result, or null after reporting NotFound (the other names are still shown). */
  private ObjectNode orNotFound(java.util.function.Supplier<ObjectNode> call) {
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
