package dev.kctl.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code kctl} command line: kubectl's verbs and flags for a kctl (or any Kubernetes) cluster.
 * The global options may be given before or after the verb ({@code kctl -n shop get pods} or
 * {@code kctl get pods -n shop}).
 *
 * <p>Exit codes: 0 success, 1 a failure the message explains (server error, bad manifest,
 * unreachable server), 2 a usage error (unknown verb or option). Errors go to stderr as kubectl
 * words them; {@code --verbose} adds the stack trace.
 */
@Command(
    name = "kctl",
    mixinStandardHelpOptions = true,
    versionProvider = Kctl.Version.class,
    description = "kctl controls a kctl cluster, as kubectl controls Kubernetes.",
    subcommands = {
        ApplyCommand.class,
        GetCommand.class,
        DeleteCommand.class,
        LogsCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Kctl implements Runnable, AutoCloseable {
  @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config).")
  String kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "The kubeconfig context to use (default: its current-context).")
  String context;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", scope = ScopeType.INHERIT,
      description = "The namespace (default: the context's namespace, else default).")
  String namespace;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Spec CommandSpec spec;

  private final Session session;

  Kctl(Connector connector, InputStream stdin) {
    this.session = new Session(this, connector, stdin);
  }

  public static void main(String[] args) {
    int code;
    try (Kctl kctl = new Kctl(Connector.KUBECONFIG, System.in)) {
      code = kctl.execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }
    System.exit(code);
  }

  /** Runs one command line; output and errors go to {@code out} and {@code err}. */
  int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine();
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  CommandLine commandLine() {
    return new CommandLine(this)
        .setExecutionExceptionHandler(new ErrorReporter(() -> verbose))
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  Session session() {
    return session;
  }

  @Override
  public void run() {
    // "kctl" alone: show what it can do, as kubectl does.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Override
  public void close() {
    session.close();
  }

  /** Prints the version of the kctl jar (its manifest), or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Kctl.class.getPackage().getImplementationVersion();
      return new String[] {"kctl " + (version == null ? "development" : version)};
    }
  }
}
