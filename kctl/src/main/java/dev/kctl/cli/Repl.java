package dev.kctl.cli;

import dev.kctl.api.ResourceTypes;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive kctl: a prompt ({@code kctl (context:namespace)> }) that runs kctl command lines
 * over one connection, with line editing, a history file, and Tab completion of verbs, options,
 * types, namespaces and the names of live objects. {@code use NAMESPACE} changes the namespace;
 * Ctrl-C stops the running command (a {@code get -w}, a {@code logs -f}) and keeps the REPL;
 * {@code apply -f -} reads pasted YAML until a blank line or Ctrl-D; {@code exit} or Ctrl-D ends.
 */
final class Repl implements AutoCloseable {
  private final Terminal terminal;
  private final Connector.Connection connection;
  private final Path history;
  private final InstantSource clock;
  private final Environment environment;
  private final LiveNames names;
  private String namespace;

  Repl(Terminal terminal, Connector.Connection connection, Path history, InstantSource clock,
      Environment environment) {
    this.terminal = terminal;
    this.connection = connection;
    this.history = history;
    this.clock = clock;
    this.environment = environment;
    this.names = new LiveNames(connection.client());
    this.namespace = connection.namespace();
  }

  String prompt() {
    return "kctl (" + connection.context() + ":" + namespace + ")> ";
  }

  /** Reads and runs lines until {@code exit} or end of input; returns the last command's exit code. */
  int run() {
    // Following the namespaces and pods from the start makes the first Tab on them instant.
    names.follow(ResourceTypes.NAMESPACES);
    names.follow(ResourceTypes.PODS);
    CommandLineSource model = new CommandLineSource();
    DefaultParser parser = new DefaultParser();
    parser.setEscapeChars(new char[0]);
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("kctl")
        .parser(parser)
        .completer(new ReplCompleter(model.commandLine(), names, () -> namespace))
        .variable(LineReader.HISTORY_FILE, history)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .build();
    PrintWriter out = terminal.writer();
    int code = 0;
    while (true) {
      String line;
      try {
        line = reader.readLine(prompt());
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        return code;
      }
      List<String> words = new ArrayList<>(reader.getParsedLine().words());
      words.removeIf(String::isEmpty);
      if (words.isEmpty()) {
        continue;
      }
      switch (words.getFirst()) {
        case "exit", "quit" -> {
          return code;
        }
        case "use" -> {
          if (words.size() != 2) {
            out.println("usage: use NAMESPACE");
          } else {
            namespace = words.get(1);
          }
          out.flush();
          continue;
        }
        default -> { }
      }
      String stdin = "";
      if (readsStdin(words)) {
        stdin = pasted(reader);
      }
      code = execute(words, stdin);
    }
  }

  /** {@code -f -}: the command reads a manifest from stdin. */
  private static boolean readsStdin(List<String> words) {
    for (int i = 0; i + 1 < words.size(); i++) {
      if ((words.get(i).equals("-f") || words.get(i).equals("--filename")) && words.get(i + 1).equals("-")) {
        return true;
      }
    }
    return words.contains("--filename=-") || words.contains("-f=-");
  }

  /** Lines typed or pasted after {@code apply -f -}, up to a blank line or Ctrl-D. */
  private static String pasted(LineReader reader) {
    StringBuilder text = new StringBuilder();
    while (true) {
      String line;
      try {
        line = reader.readLine("");
      } catch (EndOfFileException | UserInterruptException e) {
        return text.toString();
      }
      if (line.isBlank()) {
        return text.toString();
      }
      text.append(line).append('\n');
    }
  }

  /**
   * Runs one command line on its own thread, so that Ctrl-C (the terminal's INT signal) can
   * interrupt it and close what it reads, while this thread keeps the REPL.
   */
  int execute(List<String> words, String stdin) {
    InputStream input = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    Connector shared = (kubeconfig, context) -> new Connector.Connection(new SharedClient(connection.client()),
        namespace, connection.paths(), connection.server(), connection.context());
    PrintWriter out = terminal.writer();
    int[] code = {0};
    try (Kctl kctl = new Kctl(shared, input, clock, environment)) {
      Thread command = Thread.ofVirtual().name("kctl-command").unstarted(
          () -> code[0] = kctl.execute(words.toArray(String[]::new), out, out));
      Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
        kctl.cancel();
        command.interrupt();
      });
      try {
        followTypes(words);
        command.start();
        command.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        terminal.handle(Terminal.Signal.INT, previous);
      }
    }
    out.flush();
    return code[0];
  }

  /** The types a command names get followed, so their names complete from then on. */
  private void followTypes(List<String> words) {
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      if (!word.startsWith("-")) {
        for (String type : word.split("/")[0].split(",")) {
          ResourceTypes.byUserName(type).ifPresent(names::follow);
        }
        return;
      }
    }
  }

  String namespace() {
    return namespace;
  }

  @Override
  public void close() {
    names.close();
  }

  /** The full command model, for completion; built once per REPL. */
  private final class CommandLineSource {
    picocli.CommandLine commandLine() {
      return new Kctl((kubeconfig, context) -> connection, InputStream.nullInputStream(), clock, environment)
          .commandLine();
    }
  }
}
