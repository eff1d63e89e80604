package dev.kctl.cli;

import dev.kctl.api.ResourceTypes;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliJLineCompleter;

/**
 * Tab completion in the REPL: verbs, options and type names from the picocli model (through
 * picocli-shell-jline3), namespaces after {@code -n} and {@code use}, and the names of live
 * objects from {@link LiveNames} where a name is expected, in the REPL's current namespace.
 */
final class ReplCompleter implements Completer {
  /** The REPL's own commands, offered with the verbs. */
  static final List<String> BUILTINS = List.of("use", "exit", "quit");

  @SuppressWarnings("deprecation") // picocli-shell-jline3's completer is what completes from the model
  private final Completer model;
  private final LiveNames names;
  private final Supplier<String> namespace;

  ReplCompleter(CommandLine commandLine, LiveNames names, Supplier<String> namespace) {
    this.model = new PicocliJLineCompleter(commandLine.getCommandSpec());
    this.names = names;
    this.namespace = namespace;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> before = line.words().subList(0, line.wordIndex());
    String current = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
    try {
      if (before.isEmpty()) {
        BUILTINS.forEach(b -> candidates.add(new Candidate(b)));
      } else if (before.getFirst().equals("use") && before.size() == 1
          || before.getLast().equals("-n") || before.getLast().equals("--namespace")) {
        names.names(ResourceTypes.NAMESPACES, "").forEach(n -> candidates.add(new Candidate(n)));
        return;
      } else {
        NameTarget target = NameTarget.of(before, current);
        if (target != null) {
          String in = target.namespace() == null ? namespace.get() : target.namespace();
          for (String name : names.names(target.type(), in)) {
            candidates.add(new Candidate(target.prefix() + name));
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    model.complete(reader, line, candidates);
  }
}
