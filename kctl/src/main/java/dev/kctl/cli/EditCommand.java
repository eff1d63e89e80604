package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code kctl edit TYPE NAME}: opens the object as YAML in {@code $KUBE_EDITOR}, {@code $EDITOR}
 * or vi, and sends what changed as a merge patch. A rejected change reopens the file with the
 * server's message on top; saving it unchanged gives up. A conflict with another writer is retried
 * on the fresh object, since the patch holds only the edited fields.
 */
@Command(name = "edit", description = "Edit an object in your editor and save the changes.")
final class EditCommand implements Callable<Integer> {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final int ATTEMPTS = 3;
  private static final String HEADER = """
      # Edit the object below and save to apply the changes; lines starting with '#' are ignored.
      # Saving an empty file cancels the edit. If the server rejects the change, this file opens
      # again with the reason at the top.
      #
      """;

  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TYPE NAME | TYPE/NAME",
      completionCandidates = Completion.TypeNames.class, description = "The object to edit.")
  List<String> args;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Session session = kctl.session();
    for (Resources.Named target : Resources.named(args, "edit")) {
      ResourceType type = target.type();
      String namespace = type.namespaced() ? session.namespace() : null;
      ObjectNode original = ObjectFormat.withKind(session.client().get(type, namespace, target.name()), type);
      String result = edit(session, type, namespace, target.name(), original);
      spec.commandLine().getOut().println(result);
    }
    return 0;
  }

  private String edit(Session session, ResourceType type, String namespace, String name, ObjectNode original)
      throws IOException, InterruptedException {
    Path file = Files.createTempFile("kctl-edit-", ".yaml");
    try {
      String text = HEADER + ObjectFormat.yaml(original);
      String previous = null;
      while (true) {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        runEditor(session, file);
        String edited = Files.readString(file, StandardCharsets.UTF_8);
        String content = withoutComments(edited);
        if (content.isBlank()) {
          return "Edit cancelled, no changes made.";
        }
        if (content.equals(previous)) {
          throw new CommandException("Edit cancelled, no valid changes were saved.");
        }
        previous = content;
        JsonNode changed;
        try {
          changed = YAML.readTree(content);
        } catch (JacksonException e) {
          text = comment("The edited file is not valid YAML: " + e.getOriginalMessage()) + content;
          continue;
        }
        JsonNode patch = diff(original, changed);
        if (patch.isEmpty()) {
          return "Edit cancelled, no changes made.";
        }
        try {
          patch(session, type, namespace, name, patch);
          return Resources.ref(type, name) + " edited";
        } catch (ApiException e) {
          if (e.reason() != StatusReason.Invalid && e.reason() != StatusReason.BadRequest) {
            throw e;
          }
          text = comment(ErrorReporter.fromServer(e)) + content;
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void patch(Session session, ResourceType type, String namespace, String name, JsonNode patch) {
    for (int attempt = 1; ; attempt++) {
      try {
        session.client().patch(type, namespace, name, PatchType.MERGE, patch, null);
        return;
      } catch (ApiException e) {
        if (e.reason() != StatusReason.Conflict || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private void runEditor(Session session, Path file) throws IOException, InterruptedException {
    String editor = session.environment("KUBE_EDITOR");
    if (editor.isBlank()) {
      editor = session.environment("EDITOR");
    }
    if (editor.isBlank()) {
      editor = "vi";
    }
    // The editor may carry arguments ("code --wait"), so the shell splits it, as kubectl does.
    Process process = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "kctl-edit", file.toString())
        .inheritIO().start();
    int code = process.waitFor();
    if (code != 0) {
      throw new CommandException("the editor \"" + editor + "\" exited with code " + code + "; nothing was changed");
    }
  }

  private static String withoutComments(String text) {
    StringBuilder content = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.startsWith("#")) {
        content.append(line).append('\n');
      }
    }
    return content.toString().strip() + "\n";
  }

  private static String comment(String message) {
    StringBuilder text = new StringBuilder(HEADER);
    for (String line : message.split("\n")) {
      text.append("# ").append(line).append('\n');
    }
    return text.append("#\n").toString();
  }

  /**
   * The JSON merge patch that turns {@code from} into {@code to}: changed and new fields, null for
   * removed ones, arrays whole. Empty when they are equal.
   */
  static ObjectNode diff(JsonNode from, JsonNode to) {
    ObjectNode patch = Json.object();
    to.properties().forEach(e -> {
      JsonNode old = from.get(e.getKey());
      JsonNode now = e.getValue();
      if (old != null && old.isObject() && now.isObject()) {
        ObjectNode inner = diff(old, now);
        if (!inner.isEmpty()) {
          patch.set(e.getKey(), inner);
        }
      } else if (old == null || !old.equals(now)) {
        patch.set(e.getKey(), now);
      }
    });
    from.properties().forEach(e -> {
      if (!to.has(e.getKey())) {
        patch.putNull(e.getKey());
      }
    });
    return patch;
  }
}
