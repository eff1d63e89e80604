package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.client.ListOptions;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kctl label} and {@code kctl annotate}: {@code TYPE NAME key=value key-...}, or
 * {@code TYPE --all | -l SELECTOR key=value...}. Each object gets one merge patch of its labels
 * or annotations; objects that would not change are left alone.
 */
@Command
abstract sealed class LabelCommand implements Callable<Integer> permits LabelCommand.Label, LabelCommand.Annotate {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TYPE NAME KEY=VALUE... | TYPE/NAME KEY=VALUE... | KEY-",
      description = "The objects, then the changes: key=value sets, key- removes.")
  List<String> args;

  @Option(names = "--overwrite", description = "Replace values that keys already have.")
  boolean overwrite;

  @Option(names = "--all", description = "Change every object of the type in the namespace.")
  boolean all;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Change the objects with these labels.")
  String selector;

  @Option(names = "--list", description = "Print the object's current ones instead of changing them.")
  boolean list;

  /** {@code labels} or {@code annotations}. */
  abstract String field();

  /** {@code label} or {@code annotation}, for messages. */
  abstract String singular();

  abstract Session session();

  /** {@code labeled} or {@code annotated}, as kubectl reports a change. */
  String done() {
    return singular().equals("label") ? "labeled" : "annotated";
  }

  @Override
  public Integer call() {
    int split = 0;
    while (split < args.size() && !args.get(split).contains("=") && !(split > 0 && args.get(split).endsWith("-"))) {
      split++;
    }
    List<String> objects = args.subList(0, split);
    List<String> changes = args.subList(split, args.size());
    Session session = session();
    List<Resources.Named> targets = targets(objects, session);
    if (list) {
      for (Resources.Named target : targets) {
        JsonNode values = session.client().get(target.type(), session.namespace(), target.name()).path("metadata").path(field());
        DescribeWriter.sorted(values).forEach((k, v) -> spec.commandLine().getOut().println(k + "=" + v));
      }
      return 0;
    }
    MetadataEdit edit = MetadataEdit.parse(changes, singular());
    for (Resources.Named target : targets) {
      ResourceType type = target.type();
      String namespace = type.namespaced() ? session.namespace() : null;
      JsonNode current = session.client().get(type, namespace, target.name()).path("metadata").path(field());
      Map<String, String> changed = edit.patch(current, overwrite, singular());
      String message;
      if (changed.isEmpty()) {
        message = "not " + done();
      } else {
        ObjectNode patch = Json.object();
        ObjectNode values = patch.putObject("metadata").putObject(field());
        changed.forEach((k, v) -> {
          if (v == null) {
            values.putNull(k);
          } else {
            values.put(k, v);
          }
        });
        session.client().patch(type, namespace, target.name(), PatchType.MERGE, patch, null);
        boolean onlyRemoved = changed.values().stream().allMatch(java.util.Objects::isNull);
        message = (onlyRemoved ? "un" : "") + done();
      }
      spec.commandLine().getOut().println(Resources.ref(type, target.name()) + " " + message);
    }
    return 0;
  }

  private List<Resources.Named> targets(List<String> objects, Session session) {
    if (!all && selector == null) {
      return Resources.named(objects, singular());
    }
    List<Resources.Named> targets = new ArrayList<>();
    for (Resources.Request request : Resources.parse(objects)) {
      ListOptions options = selector == null ? ListOptions.NONE : ListOptions.NONE.withLabelSelector(selector);
      String namespace = request.type().namespaced() ? session.namespace() : null;
      for (JsonNode item : session.client().list(request.type(), namespace, options).path("items")) {
        targets.add(new Resources.Named(request.type(), item.path("metadata").path("name").asString("")));
      }
    }
    return targets;
  }

  /** {@code kctl label}. */
  @Command(name = "label", description = "Add, change or remove labels of objects.")
  static final class Label extends LabelCommand {
    @picocli.CommandLine.ParentCommand Kctl kctl;

    @Override
    String field() {
      return "labels";
    }

    @Override
    String singular() {
      return "label";
    }

    @Override
    Session session() {
      return kctl.session();
    }
  }

  /** {@code kctl annotate}. */
  @Command(name = "annotate", description = "Add, change or remove annotations of objects.")
  static final class Annotate extends LabelCommand {
    @picocli.CommandLine.ParentCommand Kctl kctl;

    @Override
    String field() {
      return "annotations";
    }

    @Override
    String singular() {
      return "annotation";
    }

    @Override
    Session session() {
      return kctl.session();
    }
  }
}
