package dev.kctl.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kctl exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [ARGS...]}: runs a command in a
 * container over a WebSocket ({@value RemoteCommand#PROTOCOL}), copying its output to stdout
 * and stderr and, with {@code -i}, stdin to it. Exits with the command's exit code, printing
 * {@code command terminated with exit code N} for a non-zero one, as kubectl does.
 */
@Command(name = "exec", description = "Run a command in a container.")
final class ExecCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "POD", description = "The pod, as NAME or pod/NAME.")
  String pod;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
  List<String> command;

  @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER", description = "The container (default: the pod's only one).")
  String container;

  @Option(names = {"-i", "--stdin"}, description = "Pass stdin to the command.")
  boolean stdin;

  @Option(names = {"-t", "--tty"}, description = "Ask for a terminal (stderr joins stdout).")
  boolean tty;

  @Override
  public Integer call() throws IOException {
    Session session = kctl.session();
    String name = pod.contains("/") ? Resources.named(List.of(pod), "exec").getFirst().name() : pod;
    StringBuilder path = new StringBuilder("/api/v1/namespaces/").append(encode(session.namespace()))
        .append("/pods/").append(encode(name)).append("/exec?stdout=true&stderr=").append(!tty)
        .append("&stdin=").append(stdin).append("&tty=").append(tty);
    if (container != null) {
      path.append("&container=").append(encode(container));
    }
    command.forEach(word -> path.append("&command=").append(encode(word)));
    RemoteCommand remote = new RemoteCommand(spec.commandLine().getOut(), spec.commandLine().getErr());
    WebSocket socket = session.paths().webSocket(path.toString(), RemoteCommand.PROTOCOL, remote);
    session.closeOnCancel(() -> socket.abort());
    if (stdin) {
      Thread.ofVirtual().name("exec-stdin").start(() -> {
        try {
          RemoteCommand.forward(session.stdin(), socket);
        } catch (IOException | CompletionException e) {
          // The command ended (or the socket did) before stdin: nothing more to send.
        }
      });
    }
    int code;
    try {
      code = remote.exitCode().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    if (code != 0) {
      spec.commandLine().getErr().println("command terminated with exit code " + code);
    }
    return code;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
