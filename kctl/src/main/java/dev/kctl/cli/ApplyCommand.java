package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.codec.Manifest;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kctl apply -f FILE}: creates the objects of the manifests that do not exist and updates
 * those that differ, in the order of the files. Every document is read and checked (syntax, known
 * kind, namespace) before the first change; a server error on one object is reported with the
 * file and line of the field it names, and the others are still applied.
 */
@Command(name = "apply", description = "Create or update objects from manifests (YAML or JSON).")
final class ApplyCommand implements Callable<Integer> {
  /** Updates that lose a race with another writer are retried this often, with a fresh read. */
  private static final int ATTEMPTS = 3;

  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "A manifest file, a folder of them, or - for stdin. Repeatable.")
  List<String> files;

  /** One object to apply: its manifest, type and namespace (null for cluster-scoped types). */
  private record Target(Manifest manifest, ResourceType type, String namespace, ObjectNode config) {}

  @Override
  public Integer call() {
    Session session = kctl.session();
    List<Manifest> manifests = ManifestFiles.read(files, session.stdin(), FileSystems.getDefault());
    if (manifests.isEmpty()) {
      throw new CommandException("no objects passed to apply");
    }
    List<Target> targets = new ArrayList<>();
    for (Manifest manifest : manifests) {
      targets.add(target(manifest, session));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    for (Target target : targets) {
      try {
        out.println(Resources.ref(target.type(), target.manifest().name()) + " " + apply(session.client(), target));
      } catch (ApiException e) {
        failures++;
        err.println(describe(e, target));
      }
    }
    return failures == 0 ? 0 : ErrorReporter.FAILED;
  }

  private static Target target(Manifest manifest, Session session) {
    ResourceType type = ResourceTypes.byKind(manifest.apiVersion(), manifest.kind())
        .orElseThrow(() -> new CommandException("resource mapping not found for name: \""
            + manifest.name() + "\" from \"" + manifest.location() + "\": no matches for kind \""
            + manifest.kind() + "\" in version \"" + manifest.apiVersion() + "\""));
    ObjectNode config = manifest.object().deepCopy();
    if (!type.namespaced()) {
      return new Target(manifest, type, null, config);
    }
    String namespace = manifest.namespace();
    if (namespace.isEmpty()) {
      namespace = session.namespace();
      ((ObjectNode) config.get("metadata")).put("namespace", namespace);
    } else if (session.namespaceGiven() && !session.namespace().equals(namespace)) {
      throw new CommandException("the namespace from the provided object \"" + namespace
          + "\" (" + manifest.location() + ") does not match the namespace \"" + session.namespace()
          + "\". You must pass '--namespace=" + namespace + "' to perform this operation.");
    }
    return new Target(manifest, type, namespace, config);
  }

  /** Applies one object; returns what happened, as kubectl words it. */
  private static String apply(Client client, Target target) {
    for (int attempt = 1; ; attempt++) {
      ObjectNode live = getOrNull(client, target);
      try {
        return switch (ApplyPlan.of(target.config(), live)) {
          case ApplyPlan.Create create -> {
            client.create(target.type(), target.namespace(), create.object());
            yield "created";
          }
          case ApplyPlan.Update update -> {
            client.update(target.type(), update.object());
            yield "configured";
          }
          case ApplyPlan.Unchanged unchanged -> "unchanged";
        };
      } catch (ApiException e) {
        boolean raced = e.reason() == StatusReason.Conflict || e.reason() == StatusReason.AlreadyExists;
        if (!raced || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static ObjectNode getOrNull(Client client, Target target) {
    try {
      return client.get(target.type(), target.namespace(), target.manifest().name());
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return null;
      }
      throw e;
    }
  }

  /**
   * A server error about one object. An Invalid reply lists each cause on its own line with the
   * file and line of the field it names: {@code samples/bad.yaml:12: spec.replicas: Invalid
   * value: -1: must be greater than or equal to 0}.
   */
  static String describe(ApiException e, Manifest manifest) {
    if (e.reason() != StatusReason.Invalid || e.causes().isEmpty()) {
      return ErrorReporter.fromServer(e) + " (applying " + manifest.location() + ")";
    }
    StringBuilder text = new StringBuilder("The ").append(manifest.kind()).append(" \"")
        .append(manifest.name()).append("\" is invalid:");
    for (ApiException.Cause cause : e.causes()) {
      text.append('\n').append(manifest.source()).append(':').append(manifest.lineOf(cause.field()))
          .append(": ");
      if (!cause.field().isEmpty()) {
        text.append(cause.field()).append(": ");
      }
      text.append(cause.message());
    }
    return text.toString();
  }

  private static String describe(ApiException e, Target target) {
    return describe(e, target.manifest());
  }
}
