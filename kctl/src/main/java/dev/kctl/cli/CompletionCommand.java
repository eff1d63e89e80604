package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.client.ListOptions;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code kctl completion bash|zsh|fish}: prints the shell's completion script. */
@Command(name = "completion", description = "Print the shell completion script for bash, zsh or fish.")
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
  String shell;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(CompletionScripts.script(shell));
    return 0;
  }

  /**
   * {@code kctl __complete WORD... CURRENT}: the names of live objects that complete the current
   * word of a kctl command line, one per line, for the shell scripts. Prints nothing (and exits
   * 0) when it cannot tell or cannot reach the server, so that a Tab never prints an error.
   */
  @Command(name = "__complete", hidden = true)
  static final class Names implements Callable<Integer> {
    @ParentCommand Kctl kctl;
    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "WORD")
    List<String> words = List.of();

    @Override
    public Integer call() {
      try {
        candidates().forEach(spec.commandLine().getOut()::println);
      } catch (ApiException | UncheckedIOException | IllegalArgumentException | CommandException e) {
        // Completion stays silent: the shell shows no candidates.
      }
      return 0;
    }

    private List<String> candidates() {
      if (words.isEmpty()) {
        return List.of();
      }
      NameTarget target = NameTarget.of(words.subList(0, words.size() - 1), words.getLast());
      return target == null ? List.of() : names(target.type(), target.namespace(), target.prefix());
    }

    private List<String> names(ResourceType type, String namespace, String prefix) {
      Session session = kctl.session();
      String scoped = type.namespaced() ? (namespace == null ? session.namespace() : namespace) : null;
      List<String> names = new ArrayList<>();
      for (JsonNode item : session.client().list(type, scoped, ListOptions.NONE).path("items")) {
        names.add(prefix + item.path("metadata").path("name").asString(""));
      }
      return names;
    }
  }
}
