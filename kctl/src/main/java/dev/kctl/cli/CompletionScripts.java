package dev.kctl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The shell completion scripts, generated from kctl's picocli model: commands, options and type
 * names come from the model; names of live objects come from {@code kctl __complete}, which asks
 * the server when the user presses Tab after a type.
 *
 * <p>The build runs {@link #main} to write them into {@code completions/} (kctl.bash, _kctl,
 * kctl.fish); a unit test fails when the committed scripts differ from what the model gives.
 */
public final class CompletionScripts {
  /** The file names of the scripts in {@code completions/}, by shell. */
  static final Map<String, String> FILES = Map.of("bash", "kctl.bash", "zsh", "_kctl", "fish", "kctl.fish");

  /** Verbs whose second and later positionals name objects of the type given first. */
  static final List<String> OBJECT_VERBS =
      List.of("get", "describe", "delete", "edit", "label", "annotate", "patch", "scale", "wait");

  /** Verbs whose first positional is a pod. */
  static final List<String> POD_VERBS = List.of("logs");

  private CompletionScripts() {}

  /** Writes the three scripts into the folder given as the only argument. */
  public static void main(String[] args) {
    Path folder = Path.of(args.length == 0 ? "completions" : args[0]);
    try {
      Files.createDirectories(folder);
      for (var file : FILES.entrySet()) {
        Files.writeString(folder.resolve(file.getValue()), script(file.getKey()), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the completion scripts to " + folder, e);
    }
  }

  static String script(String shell) {
    CommandLine model = new Kctl(Connector.KUBECONFIG, System.in).commandLine();
    return switch (shell) {
      case "bash" -> bash(model);
      case "zsh" -> zsh(model);
      case "fish" -> fish(model);
      default -> throw new CommandException("unsupported shell \"" + shell + "\"; use bash, zsh or fish");
    };
  }

  static String bash(CommandLine model) {
    return "# kctl completion for bash, generated from kctl's command model (kctl completion bash).\n"
        + "# Load it with: source <(kctl completion bash)\n"
        + AutoComplete.bash("kctl", model) + "\n" + dynamicNames(model);
  }

  /** zsh runs the bash script through its bash compatibility layer, as picocli intends. */
  static String zsh(CommandLine model) {
    return "#compdef kctl\n"
        + "# kctl completion for zsh, generated from kctl's command model (kctl completion zsh).\n"
        + "# Load it with: source <(kctl completion zsh)\n"
        + "autoload -U +X compinit && compinit\n"
        + "autoload -U +X bashcompinit && bashcompinit\n"
        + AutoComplete.bash("kctl", model) + "\n" + dynamicNames(model);
  }

  /**
   * A bash function run before picocli's: after a verb and a type it asks kctl for the names of
   * the objects of that type; everything else (verbs, options, types) stays with picocli's.
   */
  private static String dynamicNames(CommandLine model) {
    return """
        # Names of live objects: after "kctl VERB TYPE" ask kctl itself, which lists them from the server.
        _kctl_value_options=" %s "
        _kctl_object_verbs=" %s "
        _kctl_pod_verbs=" %s "
        function _kctl_complete() {
          local i word verb="" positionals=0 skip=0 cur="${COMP_WORDS[COMP_CWORD]}"
          for ((i = 1; i < COMP_CWORD; i++)); do
            word="${COMP_WORDS[i]}"
            if ((skip)); then skip=0; continue; fi
            case "$word" in
              --*=*) continue ;;
              -*) [[ "$_kctl_value_options" == *" $word "* ]] && skip=1; continue ;;
            esac
            if [[ -z "$verb" ]]; then verb="$word"; else positionals=$((positionals + 1)); fi
          done
          if [[ "$cur" != -* ]] && { { [[ "$_kctl_object_verbs" == *" $verb "* ]] && { ((positionals >= 1)) || [[ "$cur" == */* ]]; }; } \\
              || { [[ "$_kctl_pod_verbs" == *" $verb "* ]] && ((positionals == 0)); }; }; then
            local IFS=$'\\n'
            COMPREPLY=( $(compgen -W "$(kctl __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)" -- "$cur") )
            return 0
          fi
          _complete_kctl "$@"
        }
        complete -F _kctl_complete -o default kctl
        """.formatted(String.join(" ", valueOptions(model)), String.join(" ", OBJECT_VERBS), String.join(" ", POD_VERBS));
  }

  /** Every option name, in any command, that takes a value. */
  static TreeSet<String> valueOptions(CommandLine model) {
    TreeSet<String> names = new TreeSet<>();
    collect(model, names);
    return names;
  }

  private static void collect(CommandLine command, TreeSet<String> names) {
    for (OptionSpec option : command.getCommandSpec().options()) {
      if (option.arity().max() > 0) {
        names.addAll(List.of(option.names()));
      }
    }
    command.getSubcommands().values().forEach(sub -> collect(sub, names));
  }

  /** fish: one {@code complete} line per command and option of the model, names from kctl. */
  static String fish(CommandLine model) {
    StringBuilder out = new StringBuilder("""
        # kctl completion for fish, generated from kctl's command model (kctl completion fish).
        # Load it with: kctl completion fish | source
        function __kctl_objects
            set -l tokens (commandline -opc)
            kctl __complete $tokens[2..-1] (commandline -ct) 2>/dev/null
        end
        complete -c kctl -f
        """);
    for (var entry : model.getSubcommands().entrySet()) {
      CommandSpec sub = entry.getValue().getCommandSpec();
      if (sub.usageMessage().hidden() || !sub.name().equals(entry.getKey())) {
        continue;
      }
      out.append("complete -c kctl -n __fish_use_subcommand -a ").append(sub.name())
          .append(" -d ").append(quote(first(sub.usageMessage().description()))).append('\n');
      for (var nested : entry.getValue().getSubcommands().entrySet()) {
        CommandSpec leaf = nested.getValue().getCommandSpec();
        if (leaf.name().equals(nested.getKey())) {
          out.append("complete -c kctl -n '__fish_seen_subcommand_from ").append(sub.name())
              .append("' -a ").append(leaf.name()).append(" -d ")
              .append(quote(first(leaf.usageMessage().description()))).append('\n');
        }
      }
      options(out, sub, "__fish_seen_subcommand_from " + sub.name());
    }
    options(out, model.getCommandSpec(), "true");
    String verbs = String.join(" ", OBJECT_VERBS);
    out.append("complete -c kctl -n '__fish_seen_subcommand_from ").append(verbs)
        .append("' -a ").append(quote(String.join(" ", Completion.typeNames()))).append('\n');
    out.append("complete -c kctl -n '__fish_seen_subcommand_from ").append(verbs).append(' ')
        .append(String.join(" ", POD_VERBS)).append("' -a '(__kctl_objects)'\n");
    return out.toString();
  }

  private static void options(StringBuilder out, CommandSpec command, String condition) {
    for (OptionSpec option : command.options()) {
      if (option.hidden()) {
        continue;
      }
      out.append("complete -c kctl -n '").append(condition).append('\'');
      for (String name : option.names()) {
        out.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
      }
      if (option.arity().max() > 0) {
        out.append(" -r");
      }
      out.append(" -d ").append(quote(first(option.description()))).append('\n');
    }
  }

  private static String first(String[] description) {
    return description.length == 0 ? "" : description[0].replaceAll("\\s+", " ");
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
