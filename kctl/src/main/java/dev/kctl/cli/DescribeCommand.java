package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kctl describe TYPE [NAME_PREFIX...]}, {@code TYPE/NAME} or {@code TYPE -l SELECTOR}:
 * prints each object in kubectl's describe layout, with the events about it at the end. As in
 * kubectl, a name that matches no object exactly describes every object whose name starts with
 * it; without names, every object of the type is described.
 */
@Command(name = "describe", description = "Show details of objects, with their events.")
final class DescribeCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TYPE [NAME_PREFIX...] | TYPE/NAME",
      completionCandidates = Completion.TypeNames.class, description = "What to describe.")
  List<String> args;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Objects with these labels.")
  String selector;

  @Option(names = {"-A", "--all-namespaces"}, description = "Look in all namespaces.")
  boolean allNamespaces;

  @Option(names = "--show-events", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Show the events about each object (default: true).")
  boolean showEvents;

  @Override
  public Integer call() {
    Session session = kctl.session();
    Client client = session.client();
    String namespace = allNamespaces ? null : session.namespace();
    DescribeContext context = new DescribeContext(client, session.clock().instant(), showEvents);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    boolean first = true;
    for (Resources.Request request : Resources.parse(args)) {
      ResourceType type = request.type();
      String scoped = type.namespaced() ? namespace : null;
      List<JsonNode> objects = new ArrayList<>();
      if (request.names().isEmpty()) {
        ListOptions options = selector == null ? ListOptions.NONE : ListOptions.NONE.withLabelSelector(selector);
        client.list(type, scoped, options).path("items").forEach(objects::add);
      }
      for (String name : request.names()) {
        try {
          objects.add(client.get(type, scoped, name));
        } catch (ApiException e) {
          if (e.reason() != StatusReason.NotFound) {
            throw e;
          }
          List<JsonNode> prefixed = new ArrayList<>();
          for (JsonNode item : client.list(type, scoped, ListOptions.NONE).path("items")) {
            if (item.path("metadata").path("name").asString("").startsWith(name)) {
              prefixed.add(item);
            }
          }
          if (prefixed.isEmpty()) {
            err.println(ErrorReporter.fromServer(e));
            failures++;
          }
          objects.addAll(prefixed);
        }
      }
      for (JsonNode object : objects) {
        out.print((first ? "" : "\n\n") + describe(type, object, context));
        first = false;
      }
      if (objects.isEmpty() && request.names().isEmpty()) {
        err.println(scoped == null ? "No resources found" : "No resources found in " + scoped + " namespace.");
      }
    }
    return failures == 0 ? 0 : ErrorReporter.FAILED;
  }

  static String describe(ResourceType type, JsonNode object, DescribeContext context) {
    return switch (type.kind()) {
      case "Pod" -> PodDescriber.describe(object, context);
      case "Deployment" -> WorkloadDescriber.deployment(object, context);
      case "ReplicaSet" -> WorkloadDescriber.replicaSet(object, context);
      case "DaemonSet" -> WorkloadDescriber.daemonSet(object, context);
      case "Job" -> WorkloadDescriber.job(object, context);
      case "Node" -> ClusterDescriber.node(object, context);
      case "Namespace" -> ClusterDescriber.namespace(object, context);
      case "Service" -> ConfigDescriber.service(object, context);
      case "ConfigMap" -> ConfigDescriber.configMap(object, context);
      case "Secret" -> ConfigDescriber.secret(object, context);
      default -> ConfigDescriber.generic(object, type, context);
    };
  }
}
