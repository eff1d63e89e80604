package dev.kctl.cli;

import dev.kctl.client.LogOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kctl logs POD [-c CONTAINER] [-f] [--tail N] [-p]}: copies a container's log to stdout
 * as the server streams it; with {@code -f} it keeps copying until the log ends or kctl is
 * interrupted.
 */
@Command(name = "logs", description = "Print the log of a container of a pod.")
final class LogsCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "POD", description = "The pod, as NAME or pod/NAME.")
  String pod;

  @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER",
      description = "The container (default: the pod's only container).")
  String container = "";

  @Option(names = {"-f", "--follow"}, description = "Keep printing as the log grows.")
  boolean follow;

  @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines (default: all).")
  long tail = -1;

  @Option(names = {"-p", "--previous"},
      description = "The log of the previous, terminated instance of the container.")
  boolean previous;

  @Override
  public Integer call() {
    String name = podName(pod);
    Session session = kctl.session();
    PrintWriter out = spec.commandLine().getOut();
    try (InputStream log = session.client().logs(session.namespace(), name,
            new LogOptions(container, follow, tail, previous));
        Reader text = new InputStreamReader(log, StandardCharsets.UTF_8)) {
      session.closeOnCancel(log);
      char[] buffer = new char[8192];
      for (int n; (n = text.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        // Followed logs arrive a line at a time; show each as it comes.
        out.flush();
      }
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        // Ctrl-C in the REPL closed the stream: that is how -f ends there.
        return 0;
      }
      throw new UncheckedIOException("the log stream of pod " + name + " broke: " + e.getMessage(), e);
    }
    return 0;
  }

  private static String podName(String argument) {
    int slash = argument.indexOf('/');
    if (slash < 0) {
      return argument;
    }
    if (!Resources.type(argument.substring(0, slash)).kind().equals("Pod")) {
      throw new CommandException("logs can be shown for pods only, not " + argument);
    }
    return argument.substring(slash + 1);
  }
}
