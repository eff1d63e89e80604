package dev.kctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kctl repl}, and {@code kctl} alone on a terminal: the interactive kctl ({@link Repl}). */
@Command(name = "repl", description = "Start the interactive kctl, with completion of live object names.")
final class ReplCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;

  @Override
  public Integer call() throws IOException {
    Session session = kctl.session();
    Connector.Connection connection = session.connection();
    Path history = session.environment().home().resolve(".kctl").resolve("history");
    Files.createDirectories(history.getParent());
    try (Terminal terminal = TerminalBuilder.builder().system(true).build();
        Repl repl = new Repl(terminal, connection, history, session.clock(), session.environment())) {
      if (terminal.getWidth() <= 0) {
        // A pseudo-terminal nobody sized (script, some CI runners) reports 0 columns, and line
        // editing in zero columns garbles the prompt: assume the classic 80x24 instead.
        terminal.setSize(new Size(80, 24));
      }
      return repl.run();
    }
  }
}
