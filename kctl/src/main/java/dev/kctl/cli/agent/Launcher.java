package dev.kctl.cli.agent;

import dev.kctl.cli.CommandWords;
import dev.kctl.cli.Kctl;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What {@code bin/kctl} runs. A command line goes to the user's kctl agent, which is started
 * first when none runs, so that a command costs a small JVM and a connection instead of kctl's
 * whole start-up and warm-up. Commands that own the terminal (the REPL, edit, exec -i/-t) run
 * here, as does everything when the agent cannot start. bin/kctl runs {@link Kctl} directly
 * when {@code KCTL_AGENT=off}.
 */
public final class Launcher {
  /** Verbs that need this process's terminal. */
  private static final Set<String> HERE = Set.of("repl", "edit");

  private Launcher() {}

  public static void main(String[] args) {
    OptionalInt forwarded = runsHere(args) ? OptionalInt.empty() : forward(AgentFiles.ofThisJvm(), args);
    if (forwarded.isPresent()) {
      // Not System.exit: Runtime.exit logs through the JDK's System.Logger, whose first use scans
      // the class path for logger providers, a fifth of a forwarded command's time. Nothing here
      // needs a shutdown hook; every frame of output was flushed as it came.
      Runtime.getRuntime().halt(forwarded.getAsInt());
    }
    System.exit(Kctl.runHere(args));
  }

  /** Runs {@code args} in the agent of {@code files}, starting it if none runs; empty if none could be. */
  static OptionalInt forward(AgentFiles files, String[] args) {
    OptionalInt code = send(files, args);
    if (code.isEmpty() && AgentStarter.start(files, System.err)) {
      code = send(files, args);
    }
    return code;
  }

  private static OptionalInt send(AgentFiles files, String[] args) {
    return AgentClient.run(files, args, System.getenv(), System.getProperty("user.dir"), System.in, System.out,
        System.err);
  }

  /** Whether {@code args} must run in this process: no verb (usage or the REPL), or a verb that owns the terminal. */
  static boolean runsHere(String[] args) {
    String verb = CommandWords.verb(args);
    if (verb == null || HERE.contains(verb)) {
      return true;
    }
    if (!verb.equals("exec")) {
      return false;
    }
    // Words after "--" are the command run in the pod (ls -lt), not exec's flags. Plain loops
    // here and below, no streams or lambdas: their first use costs a cold JVM milliseconds.
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (interactiveFlag(arg)) {
        return true;
      }
    }
    return false;
  }

  /** -i, -t, --stdin, --tty, or short flags joined with them (-it). */
  private static boolean interactiveFlag(String arg) {
    if (arg.equals("--stdin") || arg.equals("--tty") || arg.startsWith("--stdin=") || arg.startsWith("--tty=")) {
      return true;
    }
    if (!arg.startsWith("-") || arg.startsWith("--") || (arg.indexOf('i') < 0 && arg.indexOf('t') < 0)) {
      return false;
    }
    for (int i = 1; i < arg.length(); i++) {
      if (!Character.isLetter(arg.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
