package dev.kctl.cli;

/**
 * A failure the user can fix from its message alone (a bad argument, an unknown resource type):
 * printed as {@code error: <message>}, never with a stack trace.
 */
final class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandException(String message) {
    super(message);
  }
}
