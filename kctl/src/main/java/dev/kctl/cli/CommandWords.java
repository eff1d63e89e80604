package dev.kctl.cli;

import java.util.Set;

/**
 * Reads a kctl command line's words without parsing it, and without loading picocli: the
 * launcher uses this to decide where a command runs before anything else starts.
 */
public final class CommandWords {
  /** Global options that take a value as the next word. */
  private static final Set<String> VALUE_OPTIONS = Set.of("--kubeconfig", "--context", "-n", "--namespace",
      "--request-timeout", "-s", "--server", "--token", "--cluster", "--user");

  private CommandWords() {}

  /** The first word that is neither an option nor a global option's value; null if none. */
  public static String verb(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (VALUE_OPTIONS.contains(arg)) {
        i++;
      } else if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return null;
  }
}
