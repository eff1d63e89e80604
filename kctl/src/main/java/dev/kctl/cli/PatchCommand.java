package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.client.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code kctl patch TYPE NAME -p PATCH [--type strategic|merge|json]}: sends the patch (JSON or
 * YAML) as kubectl does and prints {@code deployment.apps/web patched}, or {@code patched (no
 * change)} when the object stayed the same.
 */
@Command(name = "patch", description = "Change fields of an object with a strategic merge, merge or JSON patch.")
final class PatchCommand implements Callable<Integer> {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** The patch formats, by their kubectl names. */
  enum Type {
    STRATEGIC(PatchType.STRATEGIC_MERGE), MERGE(PatchType.MERGE), JSON(PatchType.JSON);

    final PatchType patchType;

    Type(PatchType patchType) {
      this.patchType = patchType;
    }
  }

  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TYPE NAME | TYPE/NAME",
      completionCandidates = Completion.TypeNames.class, description = "What to patch.")
  List<String> args;

  @Option(names = {"-p", "--patch"}, paramLabel = "PATCH", description = "The patch, as JSON or YAML.")
  String patch;

  @Option(names = "--patch-file", paramLabel = "FILE", description = "Read the patch from this file.")
  Path patchFile;

  @Option(names = "--type", paramLabel = "TYPE", defaultValue = "strategic",
      description = "strategic (default), merge or json.")
  Type type;

  @Option(names = "--subresource", paramLabel = "NAME", description = "Patch this subresource, e.g. status or scale.")
  String subresource;

  @Override
  public Integer call() throws java.io.IOException {
    if ((patch == null) == (patchFile == null)) {
      throw new CommandException("must specify exactly one of --patch or --patch-file containing the patch");
    }
    String text = patch != null ? patch : Files.readString(kctl.session().path(patchFile.toString()));
    JsonNode body;
    try {
      body = YAML.readTree(text);
    } catch (JacksonException e) {
      throw new CommandException("unable to parse \"" + text + "\": " + e.getOriginalMessage());
    }
    Session session = kctl.session();
    for (Resources.Named target : Resources.named(args, "patch")) {
      ResourceType resource = target.type();
      String namespace = resource.namespaced() ? session.namespace() : null;
      String before = session.client().get(resource, namespace, target.name()).path("metadata")
          .path("resourceVersion").asString("");
      JsonNode after = session.client().patch(resource, namespace, target.name(), type.patchType, body, subresource);
      boolean same = after.path("metadata").path("resourceVersion").asString("").equals(before);
      spec.commandLine().getOut().println(Resources.ref(resource, target.name()) + (same ? " patched (no change)" : " patched"));
    }
    return 0;
  }
}
