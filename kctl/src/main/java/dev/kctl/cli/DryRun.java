package dev.kctl.cli;

/** kubectl's {@code --dry-run} values, with the suffix each adds to what a command prints. */
enum DryRun {
  NONE(""),
  CLIENT(" (dry run)"),
  SERVER(" (server dry run)");

  private final String suffix;

  DryRun(String suffix) {
    this.suffix = suffix;
  }

  /** What follows "created" or "deleted" in output: {@code " (server dry run)"}, or nothing. */
  String suffix() {
    return suffix;
  }

  /** The flag's value; as kubectl, a bare {@code --dry-run} means client. */
  static DryRun parse(String value) {
    return switch (value) {
      case "none" -> NONE;
      case "client", "true" -> CLIENT;
      case "server" -> SERVER;
      default -> throw new CommandException(
          "Invalid dry-run value (" + value + "). Must be \"none\", \"server\", or \"client\".");
    };
  }
}
