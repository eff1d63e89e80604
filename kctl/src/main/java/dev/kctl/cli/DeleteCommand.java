package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.ListOptions;
import dev.kctl.codec.Manifest;
import java.io.PrintWriter;
import java.time.Duration;
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
 * unless {@code --ignore-not-found}; the other objects are still deleted. As kubectl, it then
 * waits until the objects are gone ({@code --wait=false} does not), with
 * {@code --cascade=background|foreground|orphan} choosing what happens to their dependents and
 * {@code --grace-period}/{@code --now}/{@code --force} how long pods get to stop.
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

  @Option(names = "--cascade", paramLabel = "background|foreground|orphan", defaultValue = "background",
      arity = "0..1", fallbackValue = "background", description = "What happens to dependents: deleted in the"
          + " background (default), deleted before the owner (foreground), or left (orphan).")
  String cascade;

  @Option(names = "--grace-period", paramLabel = "SECONDS", defaultValue = "-1",
      description = "Seconds pods get to stop (default: their own terminationGracePeriodSeconds); 0 only with --force.")
  long gracePeriod;

  @Option(names = "--now", description = "Stop pods at once (--grace-period=1).")
  boolean now;

  @Option(names = "--force", description = "With --grace-period=0: remove objects at once, without waiting for"
      + " their processes to stop.")
  boolean force;

  @Option(names = "--wait", paramLabel = "true|false", defaultValue = "true", arity = "0..1", fallbackValue = "true",
      description = "Wait until the objects are gone (default true).")
  boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0",
      description = "How long to wait for each object to go; 0 (default) waits a week, as kubectl does.")
  String timeout;

  private record Target(ResourceType type, String namespace, String name) {}

  @Override
  public Integer call() throws InterruptedException {
    DeleteOptions options = options(spec.commandLine().getErr());
    Duration limit = WaitCommand.parseDuration(timeout);
    Session session = kctl.session();
    List<Target> targets = files.isEmpty() ? fromArguments(session) : fromFiles(session);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (targets.isEmpty()) {
      out.println("No resources found");
      return 0;
    }
    int failures = 0;
    List<Target> deleted = new ArrayList<>();
    for (Target target : targets) {
      try {
        session.client().delete(target.type(), target.namespace(), target.name(), options);
        out.println(Resources.typeName(target.type()) + " \"" + target.name() + "\" deleted");
        out.flush();
        deleted.add(target);
      } catch (ApiException e) {
        if (e.reason() == StatusReason.NotFound && ignoreNotFound) {
          continue;
        }
        err.println(ErrorReporter.fromServer(e));
        failures++;
      }
    }
    // Orphaning and foreground deletion end with the object gone too, once its finalizer ran.
    if (await) {
      for (Target target : deleted) {
        if (!WaitCommand.await(session.client(), target.type(), target.namespace(), target.name(),
            new WaitCommand.Condition.Deleted(), limit.isZero() ? Duration.ofDays(7) : limit)) {
          err.println("error: timed out waiting for the condition on " + target.type().qualifiedResource() + "/"
              + target.name());
          failures++;
        }
      }
    }
    return failures == 0 ? 0 : ErrorReporter.FAILED;
  }

  /** The DeleteOptions the flags ask for, checked and adjusted as kubectl does. */
  private DeleteOptions options(PrintWriter err) {
    String policy = switch (cascade) {
      case "background", "true" -> "Background";
      case "foreground" -> "Foreground";
      case "orphan", "false" -> "Orphan";
      default -> throw new CommandException("invalid cascade value (" + cascade
          + "). Must be \"background\", \"foreground\", or \"orphan\".");
    };
    long grace = gracePeriod;
    if (now) {
      if (grace >= 0) {
        throw new CommandException("--now and --grace-period cannot be specified together");
      }
      grace = 1;
    }
    if (grace == 0 && !force) {
      // kubectl keeps an accidental 0 from skipping the pods' shutdown: only --force removes at once.
      grace = 1;
    }
    if (force && grace < 0) {
      grace = 0;
    }
    if (force && grace == 0) {
      err.println("Warning: Immediate deletion does not wait for confirmation that the running resource has been"
          + " terminated. The resource may continue to run on the cluster indefinitely.");
    }
    return new DeleteOptions(policy, grace);
  }

  private List<Target> fromFiles(Session session) {
    if (!args.isEmpty() || selector != null || all) {
      throw new CommandException("cannot combine -f with names, --selector or --all");
    }
    List<Target> targets = new ArrayList<>();
    for (Manifest manifest : ManifestFiles.read(files, session.stdin(), session.environment().workingDirectory())) {
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
