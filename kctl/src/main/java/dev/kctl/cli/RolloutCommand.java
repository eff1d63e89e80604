package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.Client;
import dev.kctl.client.ListOptions;
import dev.kctl.client.PatchType;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import dev.kctl.codec.Json;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * {@code kctl rollout status|history|undo|restart|pause|resume deployment/NAME}, as kubectl 1.32
 * does them: restart stamps the pod template with {@code kubectl.kubernetes.io/restartedAt}, undo
 * puts the template of an earlier revision's replica set back, status follows the deployment until
 * its new replicas are all updated and available.
 */
@Command(name = "rollout", description = "Manage the rollout of a deployment.",
    subcommands = {RolloutCommand.Status.class, RolloutCommand.History.class, RolloutCommand.Undo.class,
        RolloutCommand.Restart.class, RolloutCommand.Pause.class, RolloutCommand.Resume.class})
final class RolloutCommand {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
  private static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  @ParentCommand Kctl kctl;

  /** The deployment the subcommand acts on, and the session. */
  @Command
  abstract static class Action implements java.util.concurrent.Callable<Integer> {
    @ParentCommand RolloutCommand rollout;
    @Spec CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "deployment NAME | deployment/NAME",
        description = "The deployment.")
    List<String> args;

    Session session() {
      return rollout.kctl.session();
    }

    String name() {
      Resources.Named target = Resources.named(args, "rollout").getFirst();
      if (!target.type().kind().equals("Deployment")) {
        throw new CommandException("rollout of " + target.type().qualifiedResource() + " is not supported;"
            + " kctl rolls out deployments");
      }
      return target.name();
    }

    ObjectNode deployment() {
      return session().client().get(ResourceTypes.DEPLOYMENTS, session().namespace(), name());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    String ref() {
      return Resources.ref(ResourceTypes.DEPLOYMENTS, name());
    }
  }

  /** {@code rollout status}: prints kubectl's progress lines until the rollout is done. */
  @Command(name = "status", description = "Follow a rollout until it is done.")
  static final class Status extends Action {
    @Option(names = {"-w", "--watch"}, negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Keep watching until the rollout is done (default: true).")
    boolean watch;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0s",
        description = "Give up after this long, e.g. 90s or 5m (default: 0, no limit).")
    String timeout;

    @Override
    public Integer call() throws InterruptedException {
      Client client = session().client();
      String namespace = session().namespace();
      ObjectNode deployment = deployment();
      Progress progress = progress(deployment);
      out().print(progress.message());
      out().flush();
      if (progress.done() || !watch) {
        return 0;
      }
      BlockingQueue<JsonNode> changes = new LinkedBlockingQueue<>();
      ListOptions options = ListOptions.NONE.withFieldSelector("metadata.name=" + name())
          .withResourceVersion(deployment.path("metadata").path("resourceVersion").asString(""));
      Watch stream = client.watch(ResourceTypes.DEPLOYMENTS, namespace, options, new WatchHandler() {
        @Override
        public void onEvent(WatchEvent event) {
          changes.add(event.type() == WatchEvent.Type.DELETED ? Json.object().put("deleted", true) : event.object());
        }

        @Override
        public void onClose(ApiException cause) {
          changes.add(Json.object().put("closed", true));
        }
      });
      long limit = WaitCommand.parseDuration(timeout).toNanos();
      long deadline = System.nanoTime() + limit;
      String last = progress.message();
      try {
        while (true) {
          JsonNode next = limit == 0 ? changes.take()
              : changes.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (next == null) {
            throw new CommandException("timed out waiting for the condition");
          }
          if (next.has("deleted")) {
            throw new CommandException("object has been deleted");
          }
          if (next.has("closed")) {
            throw new CommandException("the watch of deployment " + name() + " ended; run the command again");
          }
          progress = progress(next);
          if (!progress.message().equals(last)) {
            out().print(progress.message());
            out().flush();
            last = progress.message();
          }
          if (progress.done()) {
            return 0;
          }
        }
      } catch (InterruptedException e) {
        return 0;
      } finally {
        stream.close();
      }
    }
  }

  /** What rollout status says about a deployment, and whether the rollout is done. */
  record Progress(String message, boolean done) {}

  static Progress progress(JsonNode deployment) {
    String name = deployment.path("metadata").path("name").asString("");
    JsonNode status = deployment.path("status");
    if (deployment.path("metadata").path("generation").asLong(0) > status.path("observedGeneration").asLong(0)) {
      return new Progress("Waiting for deployment spec update to be observed...\n", false);
    }
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asString("").equals("Progressing")
          && condition.path("reason").asString("").equals("ProgressDeadlineExceeded")) {
        throw new CommandException("deployment \"" + name + "\" exceeded its progress deadline");
      }
    }
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    int updated = status.path("updatedReplicas").asInt(0);
    int total = status.path("replicas").asInt(0);
    int available = status.path("availableReplicas").asInt(0);
    if (updated < replicas) {
      return new Progress("Waiting for deployment \"%s\" rollout to finish: %d out of %d new replicas have been updated...\n"
          .formatted(name, updated, replicas), false);
    }
    if (total > updated) {
      return new Progress("Waiting for deployment \"%s\" rollout to finish: %d old replicas are pending termination...\n"
          .formatted(name, total - updated), false);
    }
    if (available < updated) {
      return new Progress("Waiting for deployment \"%s\" rollout to finish: %d of %d updated replicas are available...\n"
          .formatted(name, available, updated), false);
    }
    return new Progress("deployment \"%s\" successfully rolled out\n".formatted(name), true);
  }

  /** The deployment's replica sets, oldest revision first. */
  static List<JsonNode> revisions(Action action, ObjectNode deployment) {
    DescribeContext context = new DescribeContext(action.session().client(), action.session().clock().instant(), false);
    List<JsonNode> sets = new ArrayList<>(WorkloadDescriber.replicaSets(deployment, context));
    sets.sort(Comparator.comparingLong(RolloutCommand::revision));
    return sets;
  }

  static long revision(JsonNode replicaSet) {
    try {
      return Long.parseLong(replicaSet.path("metadata").path("annotations").path(REVISION).asString("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** {@code rollout history}: the revisions and their change causes, or one revision's template. */
  @Command(name = "history", description = "List the revisions of a deployment.")
  static final class History extends Action {
    @Option(names = "--revision", paramLabel = "N", defaultValue = "0", description = "Show this revision's pod template.")
    long revision;

    @Override
    public Integer call() {
      List<JsonNode> sets = revisions(this, deployment());
      if (revision > 0) {
        JsonNode set = sets.stream().filter(rs -> revision(rs) == revision).findFirst()
            .orElseThrow(() -> new CommandException("unable to find the specified revision"));
        DescribeWriter w = new DescribeWriter(session().clock().instant());
        PodDescriber.template(w, set.path("spec").path("template"));
        out().print(ref() + " with revision #" + revision + "\n" + w.text() + "\n");
        return 0;
      }
      TabWriter table = TabWriter.forDescribe().write("REVISION\tCHANGE-CAUSE\n");
      for (JsonNode rs : sets) {
        String cause = rs.path("metadata").path("annotations").path(CHANGE_CAUSE).asString("<none>");
        table.write(revision(rs) + "\t" + cause + "\n");
      }
      out().print(ref() + " \n" + table.text() + "\n");
      return 0;
    }
  }

  /** {@code rollout undo}: the template of the previous (or given) revision, back on the deployment. */
  @Command(name = "undo", description = "Roll a deployment back to an earlier revision.")
  static final class Undo extends Action {
    @Option(names = "--to-revision", paramLabel = "N", defaultValue = "0",
        description = "The revision to go back to (default: the previous one).")
    long toRevision;

    @Override
    public Integer call() {
      ObjectNode deployment = deployment();
      if (deployment.path("spec").path("paused").asBoolean(false)) {
        throw new CommandException("you cannot rollback a paused deployment; resume it first with 'kctl rollout"
            + " resume' and try again");
      }
      List<JsonNode> sets = revisions(this, deployment);
      JsonNode target;
      if (toRevision == 0) {
        if (sets.size() < 2) {
          throw new CommandException("no rollout history found for deployment \"" + name() + "\"");
        }
        target = sets.get(sets.size() - 2);
      } else {
        target = sets.stream().filter(rs -> revision(rs) == toRevision).findFirst()
            .orElseThrow(() -> new CommandException("unable to find specified revision " + toRevision + " in history"));
      }
      ObjectNode template = (ObjectNode) target.path("spec").path("template").deepCopy();
      JsonNode labels = template.path("metadata").path("labels");
      if (labels instanceof ObjectNode l) {
        l.remove("pod-template-hash");
      }
      if (template.equals(deployment.path("spec").path("template"))) {
        out().println(ref() + " skipped rollback (current template already matches revision " + revision(target) + ")");
        return 0;
      }
      ObjectNode annotations = deployment.path("metadata").path("annotations") instanceof ObjectNode given
          ? given.deepCopy() : Json.object();
      target.path("metadata").path("annotations").properties().forEach(e -> {
        if (!List.of(REVISION, "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas",
            "kubectl.kubernetes.io/last-applied-configuration").contains(e.getKey())) {
          annotations.set(e.getKey(), e.getValue());
        }
      });
      ArrayNode patch = Json.array();
      patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
      patch.addObject().put("op", "replace").put("path", "/metadata/annotations").set("value", annotations);
      session().client().patch(ResourceTypes.DEPLOYMENTS, session().namespace(), name(), PatchType.JSON, patch, null);
      out().println(ref() + " rolled back");
      return 0;
    }
  }

  /** {@code rollout restart}: a new template annotation makes the deployment replace its pods. */
  @Command(name = "restart", description = "Replace the pods of a deployment with new ones.")
  static final class Restart extends Action {
    @Override
    public Integer call() {
      if (deployment().path("spec").path("paused").asBoolean(false)) {
        throw new CommandException("can't restart paused deployment (run rollout resume first)");
      }
      String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
          session().clock().instant().atZone(java.time.ZoneId.systemDefault()).withNano(0));
      ObjectNode patch = Json.object();
      patch.putObject("spec").putObject("template").putObject("metadata").putObject("annotations")
          .put(RESTARTED_AT, now);
      session().client().patch(ResourceTypes.DEPLOYMENTS, session().namespace(), name(), PatchType.STRATEGIC_MERGE,
          patch, null);
      out().println(ref() + " restarted");
      return 0;
    }
  }

  /** {@code rollout pause}. */
  @Command(name = "pause", description = "Stop rolling out changes of a deployment's template.")
  static final class Pause extends Action {
    @Override
    public Integer call() {
      if (deployment().path("spec").path("paused").asBoolean(false)) {
        throw new CommandException("deployments.apps \"" + name() + "\" is already paused");
      }
      session().client().patch(ResourceTypes.DEPLOYMENTS, session().namespace(), name(), PatchType.MERGE,
          Json.parse("{\"spec\":{\"paused\":true}}"), null);
      out().println(ref() + " paused");
      return 0;
    }
  }

  /** {@code rollout resume}. */
  @Command(name = "resume", description = "Continue rolling out a paused deployment.")
  static final class Resume extends Action {
    @Override
    public Integer call() {
      if (!deployment().path("spec").path("paused").asBoolean(false)) {
        throw new CommandException("deployments.apps \"" + name() + "\" is not paused");
      }
      session().client().patch(ResourceTypes.DEPLOYMENTS, session().namespace(), name(), PatchType.MERGE,
          Json.parse("{\"spec\":{\"paused\":null}}"), null);
      out().println(ref() + " resumed");
      return 0;
    }
  }
}
