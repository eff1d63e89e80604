package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.codec.ManifestException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command's exception into one message on stderr, worded as kubectl words it, and exit
 * code 1. The stack trace is printed only with {@code --verbose}, so users see what went wrong and
 * what to do, not where in kctl it happened.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  static final int FAILED = 1;

  private final BooleanSupplier verbose;

  ErrorReporter(BooleanSupplier verbose) {
    this.verbose = verbose;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    Connector.Connection connection = commandLine.getCommandSpec().root().userObject() instanceof Kctl kctl
        ? kctl.session().connected().orElse(null) : null;
    err.println(connection != null && refused(e) ? refusedMessage(connection) : message(e));
    if (verbose.getAsBoolean()) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILED;
  }

  /** The one line a user sees for {@code e}. */
  static String message(Exception e) {
    return switch (e) {
      case ApiException api -> fromServer(api);
      case CommandException user -> "error: " + user.getMessage();
      case ManifestException manifest -> "error: " + manifest.getMessage();
      case UncheckedIOException io -> "error: " + io.getMessage();
      case IllegalArgumentException bad -> "error: " + bad.getMessage();
      default -> "error: " + e + " (run with --verbose for details)";
    };
  }

  private static boolean refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // A connect that outlasted --request-timeout carries a ConnectException, but nothing refused it.
      if (t instanceof java.net.http.HttpTimeoutException) {
        return false;
      }
      if (t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  /**
   * kubectl's line for a server that refuses connections, then where its address came from and
   * how to start one.
   */
  static String refusedMessage(Connector.Connection connection) {
    java.net.URI server = connection.server();
    String hostPort = server.getHost() + ":" + (server.getPort() < 0 ? 443 : server.getPort());
    String from = connection.kubeconfigFile().isEmpty() ? "the kubeconfig"
        : "the kubeconfig " + connection.kubeconfigFile();
    return "The connection to the server " + hostPort + " was refused - did you specify the right host or port?\n"
        + "The server " + server + " comes from " + from + " (context \"" + connection.context() + "\"). If no kctld"
        + " runs there, start one: bin/up (kctld and a node, in ./.kctl) or bin/kctld; or pass --kubeconfig with the"
        + " admin.kubeconfig of the kctld that runs (bin/up prints its path).";
  }

  /** {@code Error from server (NotFound): deployments.apps "x" not found}. */
  static String fromServer(ApiException e) {
    return "Error from server (" + e.reason().name() + "): " + e.getMessage();
  }
}
