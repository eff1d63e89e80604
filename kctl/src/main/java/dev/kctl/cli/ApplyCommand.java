package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.PatchType;
import dev.kctl.client.WriteParameters;
import dev.kctl.codec.Manifest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kctl apply -f FILE [-R] [--dry-run=client|server] [--server-side [--force-conflicts]
 * [--field-manager NAME]] [--prune -l SELECTOR|--all]}: creates the objects of the manifests that
 * do not exist and updates those that differ, in the order of the files. Every document is read
 * and checked (syntax, known kind, namespace) before the first change; a server error on one
 * object is reported with the file and line of the field it names, and the others are still
 * applied. Client-side apply (the default) merges with the last-applied annotation; server-side
 * apply sends the manifest as an apply patch and lets the server merge and track field owners.
 */
@Command(name = "apply", description = "Create or update objects from manifests (YAML or JSON).")
final class ApplyCommand implements Callable<Integer> {
  /** Updates that lose a race with another writer are retried this often, with a fresh read. */
  private static final int ATTEMPTS = 3;
  /** What kubectl adds to the server's message about a server-side apply conflict. */
  private static final String CONFLICT_ADVICE = """
      Please review the fields above--they currently have other managers. Here
      are the ways you can resolve this warning:
      * If you intend to manage all of these fields, please re-run the apply
        command with the `--force-conflicts` flag.
      * If you do not intend to manage all of the fields, please edit your
        manifest to remove references to the fields that should keep their
        current managers.
      * You may co-own fields by updating your manifest to match the existing
        value; in this case, you'll become the manager if the other manager(s)
        stop managing the field (remove it from their configuration).
      See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts""";

  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Mixin ManifestOptions manifestFiles;

  @Option(names = "--dry-run", paramLabel = "none|client|server", defaultValue = "none", arity = "0..1",
      fallbackValue = "client", description = "client: only print what would change; server: let the server"
          + " check and admit every change without storing it.")
  String dryRun;

  @Option(names = "--server-side", description = "Apply on the server (apply patches, field ownership).")
  boolean serverSide;

  @Option(names = "--force-conflicts", description = "With --server-side: take over fields other managers own.")
  boolean forceConflicts;

  @Option(names = "--field-manager", paramLabel = "NAME",
      description = "The name that owns the applied fields (default: kctl with --server-side).")
  String fieldManager;

  @Option(names = "--prune", description = "Delete objects an earlier apply made (of the kinds applied, in the"
      + " namespaces applied to) that are not in the manifests any more; needs -l or --all.")
  boolean prune;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Apply only manifests with these labels; with --prune, prune only such objects.")
  String selector;

  @Option(names = "--all", description = "With --prune: prune objects whatever their labels.")
  boolean all;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "name: print only kind/name.")
  String output;

  @Override
  public Integer call() {
    DryRun mode = checkedFlags();
    Session session = kctl.session();
    List<Manifest> manifests = manifestFiles.read(session);
    if (manifests.isEmpty()) {
      throw new CommandException("no objects passed to apply");
    }
    LabelSelector only = LabelSelector.parse(selector == null ? "" : selector);
    List<ManifestTarget> targets = new ArrayList<>();
    for (Manifest manifest : manifests) {
      if (only.matches(labels(manifest.object()))) {
        targets.add(ManifestTarget.of(manifest, session));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    for (ManifestTarget target : targets) {
      try {
        String result = serverSide ? applyOnServer(session.client(), target, mode)
            : apply(session.client(), target, mode);
        String ref = Resources.ref(target.type(), target.manifest().name());
        out.println(output == null ? ref + " " + result + mode.suffix() : ref);
      } catch (ApiException e) {
        failures++;
        err.println(describe(e, target));
      }
    }
    if (prune) {
      Set<Pruner.Scope> scopes = new LinkedHashSet<>();
      Set<Pruner.Kept> kept = new LinkedHashSet<>();
      for (ManifestTarget target : targets) {
        scopes.add(new Pruner.Scope(target.type(), target.namespace()));
        kept.add(new Pruner.Kept(target.type(), target.namespace(), target.manifest().name()));
      }
      failures += new Pruner(session.client(), selector, mode).prune(scopes, kept, out, err);
    }
    return failures == 0 ? 0 : ErrorReporter.FAILED;
  }

  /** The dry-run mode, once the flags are known to fit together as kubectl requires. */
  private DryRun checkedFlags() {
    if (output != null && !output.equals("name")) {
      throw new CommandException("unable to match a printer suitable for the output format \"" + output
          + "\", allowed formats are: name");
    }
    DryRun mode = DryRun.parse(dryRun);
    if (serverSide && mode == DryRun.CLIENT) {
      throw new CommandException("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
    }
    if (forceConflicts && !serverSide) {
      throw new CommandException("--force-conflicts only works with --server-side");
    }
    if (prune && selector == null && !all) {
      throw new CommandException("all resources selected for prune without explicitly passing --all. To prune all"
          + " resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector");
    }
    if (prune && selector != null && all) {
      throw new CommandException("cannot set --all and --selector at the same time");
    }
    return mode;
  }

  private static Map<String, String> labels(ObjectNode object) {
    Map<String, String> labels = new HashMap<>();
    object.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    return labels;
  }

  /** A server-side apply: the manifest as an apply patch; the server creates or merges. */
  private String applyOnServer(Client client, ManifestTarget target, DryRun mode) {
    WriteParameters parameters = new WriteParameters(mode == DryRun.SERVER,
        fieldManager == null ? "kctl" : fieldManager, forceConflicts);
    client.patch(target.type(), target.namespace(), target.manifest().name(), PatchType.APPLY, target.config(),
        null, parameters);
    return "serverside-applied";
  }

  /** Applies one object client-side; returns what happened, as kubectl words it. */
  private String apply(Client client, ManifestTarget target, DryRun mode) {
    WriteParameters parameters = new WriteParameters(mode == DryRun.SERVER,
        fieldManager == null ? "" : fieldManager, false);
    for (int attempt = 1; ; attempt++) {
      ObjectNode live = getOrNull(client, target);
      try {
        return switch (ApplyPlan.of(target.config(), live)) {
          case ApplyPlan.Create create -> {
            if (mode != DryRun.CLIENT) {
              client.create(target.type(), target.namespace(), create.object(), parameters);
            }
            yield "created";
          }
          case ApplyPlan.Update update -> {
            if (mode != DryRun.CLIENT) {
              client.update(target.type(), update.object(), parameters);
            }
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

  private static ObjectNode getOrNull(Client client, ManifestTarget target) {
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
    return describe(e, manifest, "applying");
  }

  /** As {@link #describe(ApiException, Manifest)}, for the command doing {@code what} ("creating"). */
  static String describe(ApiException e, Manifest manifest, String what) {
    if (e.reason() == StatusReason.Conflict && e.getMessage().startsWith("Apply failed with")) {
      return "error: " + e.getMessage() + "\n" + CONFLICT_ADVICE;
    }
    if (e.causes().stream().allMatch(cause -> cause.field().isEmpty())) {
      return ErrorReporter.fromServer(e) + " (" + what + " " + manifest.location() + ")";
    }
    StringBuilder text = new StringBuilder();
    if (e.reason() == StatusReason.Invalid) {
      text.append("The ").append(manifest.kind()).append(" \"").append(manifest.name()).append("\" is invalid:");
    } else {
      text.append(ErrorReporter.fromServer(e)).append(" (").append(what).append(' ').append(manifest.location())
          .append("):");
    }
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

  private static String describe(ApiException e, ManifestTarget target) {
    return describe(e, target.manifest());
  }
}
