package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
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
 * {@code kctl scale TYPE NAME --replicas=N}: sets the replicas of deployments and replica sets
 * through their {@code scale} subresource; {@code --current-replicas} makes it conditional.
 */
@Command(name = "scale", description = "Set the number of replicas of a deployment or replica set.")
final class ScaleCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TYPE NAME | TYPE/NAME",
      completionCandidates = Completion.TypeNames.class, description = "What to scale.")
  List<String> args;

  @Option(names = "--replicas", required = true, paramLabel = "N", description = "The new number of replicas.")
  int replicas;

  @Option(names = "--current-replicas", paramLabel = "N", defaultValue = "-1",
      description = "Scale only if the current number of replicas is this.")
  int currentReplicas;

  @Override
  public Integer call() {
    if (replicas < 0) {
      throw new CommandException("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    Session session = kctl.session();
    for (Resources.Named target : Resources.named(args, "scale")) {
      ResourceType type = target.type();
      if (!type.kind().equals("Deployment") && !type.kind().equals("ReplicaSet")) {
        throw new CommandException("cannot scale " + type.qualifiedResource() + ": only deployments and replica sets"
            + " have replicas to scale");
      }
      String namespace = session.namespace();
      if (currentReplicas >= 0) {
        JsonNode scale = session.client().get(type, namespace, target.name()).path("spec").path("replicas");
        if (scale.asInt(1) != currentReplicas) {
          throw new CommandException("Expected replicas to be " + currentReplicas + ", was " + scale.asInt(1));
        }
      }
      session.client().patch(type, namespace, target.name(), PatchType.MERGE,
          Json.parse("{\"spec\":{\"replicas\":" + replicas + "}}"), "scale");
      spec.commandLine().getOut().println(Resources.ref(type, target.name()) + " scaled");
    }
    return 0;
  }
}
