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
    err.println(message(e));
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

  /** {@code Error from server (NotFound): deployments.apps "x" not found}. */
  static String fromServer(ApiException e) {
    return "Error from server (" + e.reason().name() + "): " + e.getMessage();
  }
}
