package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.ListOptions;
import dev.kctl.codec.Manifest;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
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
 * {@code kctl delete TYPE NAME...}, {@code kctl delete TYPE/NAME...}, {@code kctl delete TYPE -l
 * SELECTOR | --all} or {@code kctl delete -f FILE}: deletes each object and prints
 * {@code deployment.apps "tomcat" deleted}. An object that is not found is an error (exit code 1)
 * unless {@code --ignore-not-found}; the other objects are still deleted.
 */
@Command(name = "delete", description = "Delete objects by type and name, by label, or from manifests.")
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "TYPE NAME... | TYPE/NAME",
      description = "What to delete.")
  List<String> args = List.of();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
      description = "Delete the objects in this manifest, folder, or - for stdin. Repeatable.")
  List<String> files = List.of();

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Delete the objects of TYPE with these labels.")
  String selector;

  @Option(names = "--all", description = "Delete all objects of TYPE in the namespace.")
  boolean all;

  @Option(names = "--ignore-not-found", description = "Treat objects that do not exist as deleted.")
  boolean ignoreNotFound;

  private record Target(ResourceType type, String namespace, String name) {}

  @Override
  public Integer call() {
    Session session = kctl.session();
    List<Target> targets = files.isEmpty() ? fromArguments(session) : fromFiles(session);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    for (Target target : targets) {
      try {
        session.client().delete(target.type(), target.namespace(), target.name());
        out.println(Resources.typeName(target.type()) + " \"" + target.name() + "\" deleted");
      } catch (ApiException e) {
        if (e.reason() == StatusReason.NotFound && ignoreNotFound) {
          continue;
        }
        err.println(ErrorReporter.fromServer(e));
        failures++;
      }
    }
    return failures == 0 ? 0 : ErrorReporter.FAILED;
  }

  private List<Target> fromFiles(Session session) {
    if (!args.isEmpty() || selector != null || all) {
      throw new CommandException("cannot combine -f with names, --selector or --all");
    }
    List<Target> targets = new ArrayList<>();
    for (Manifest manifest : ManifestFiles.read(files, session.stdin(), FileSystems.getDefault())) {
      ResourceType type = ResourceTypes.byKind(manifest.apiVersion(), manifest.kind())
          .orElseThrow(() -> new CommandException("no matches for kind \"" + manifest.kind()
              + "\" in version \"" + manifest.apiVersion() + "\" (" + manifest.location() + ")"));
      String namespace = !type.namespaced() ? null
          : manifest.namespace().isEmpty() ? session.namespace() : manifest.namespace();
      targets.add(new Target(type, namespace, manifest.name()));
    }
    return targets;
  }

  private List<Target> fromArguments(Session session) {
    if (args.isEmpty()) {
      throw new CommandException("you must provide one or more resources by argument or filename"
          + " (e.g. kctl delete deployment tomcat, or kctl delete -f samples/tomcat.yaml)");
    }
    List<Target> targets = new ArrayList<>();
    for (Resources.Request request : Resources.parse(args)) {
      ResourceType type = request.type();
      String namespace = type.namespaced() ? session.namespace() : null;
      if (!request.names().isEmpty()) {
        if (selector != null || all) {
          throw new CommandException("names cannot be combined with --selector or --all");
        }
        request.names().forEach(name -> targets.add(new Target(type, namespace, name)));
      } else if (selector != null || all) {
        ListOptions options = selector == null ? ListOptions.NONE : ListOptions.NONE.withLabelSelector(selector);
        for (JsonNode item : session.client().list(type, namespace, options).path("items")) {
          targets.add(new Target(type, namespace, item.path("metadata").path("name").asString("")));
        }
      } else {
        throw new CommandException("resource(s) were provided, but no name was specified; name the"
            + " objects, or use --selector or --all");
      }
    }
    return targets;
  }
}
