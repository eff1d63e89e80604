package dev.kctl.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
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
    // -h/--help on every verb, as kubectl has: "kctl get --help".
    scope = ScopeType.INHERIT,
    versionProvider = Kctl.Version.class,
    description = "kctl controls a kctl cluster, as kubectl controls Kubernetes.")
public final class Kctl implements Runnable, AutoCloseable {
  /**
   * The verbs, by name, in the order help lists them. They are added to the command line
   * programmatically so that one run builds only the verb it runs: picocli reads each command's
   * annotations by reflection, which costs start-up time for every verb added.
   */
  static final Map<String, Class<?>> VERBS = verbs(
      ApplyCommand.class, "apply",
      GetCommand.class, "get",
      DescribeCommand.class, "describe",
      DeleteCommand.class, "delete",
      LogsCommand.class, "logs",
      PortForwardCommand.class, "port-forward",
      ExecCommand.class, "exec",
      CreateCommand.class, "create",
      ExposeCommand.class, "expose",
      EditCommand.class, "edit",
      PatchCommand.class, "patch",
      LabelCommand.Label.class, "label",
      LabelCommand.Annotate.class, "annotate",
      ScaleCommand.class, "scale",
      RolloutCommand.class, "rollout",
      WaitCommand.class, "wait",
      EventsCommand.class, "events",
      TopCommand.class, "top",
      ExplainCommand.class, "explain",
      DiscoveryCommands.ApiResources.class, "api-resources",
      DiscoveryCommands.ApiVersions.class, "api-versions",
      ConfigCommand.class, "config",
      DiscoveryCommands.ClusterInfo.class, "cluster-info",
      DiscoveryCommands.Version.class, "version",
      CompletionCommand.class, "completion",
      CompletionCommand.Names.class, "__complete",
      ReplCommand.class, "repl",
      CommandLine.HelpCommand.class, "help");

  @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config).")
  String kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "The kubeconfig context to use (default: its current-context).")
  String context;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", scope = ScopeType.INHERIT,
      description = "The namespace (default: the context's namespace, else default).")
  String namespace;

  @Option(names = "--cluster", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "The kubeconfig cluster to use (default: the context's).")
  String cluster;

  @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "The kubeconfig user to use (default: the context's).")
  String user;

  @Option(names = {"-s", "--server"}, paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "The address and port of the API server (default: the cluster's).")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
      description = "Bearer token for authentication to the API server (default: the user's).")
  String token;

  @Option(names = "--insecure-skip-tls-verify", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true",
      paramLabel = "BOOL", description = "Do not check the server's certificate: HTTPS stays encrypted, but anyone"
          + " on the way can pose as the server.")
  boolean insecureSkipTlsVerify;

  @Option(names = "--request-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
      description = "How long to wait for each request (1s, 2m, 3h, or seconds); 0 waits forever; watches and"
          + " followed logs never time out (default: 60s).")
  String requestTimeout;

  @Option(names = {"-v", "--v", "--verbose"}, scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "1",
      paramLabel = "LEVEL", description = "Log level as kubectl's: any level prints stack traces with errors;"
          + " 6 logs each request (method, URL, status, time) to stderr, 8 adds the bodies.")
  int verbosity;

  @Spec CommandSpec spec;

  private final Session session;

  Kctl(Connector connector, InputStream stdin) {
    this(connector, stdin, InstantSource.system());
  }

  Kctl(Connector connector, InputStream stdin, InstantSource clock) {
    this(connector, stdin, clock, Environment.ofProcess());
  }

  /**
   * kctl for a command line typed in {@code environment}, as the kctl agent runs it, with the
   * agent's {@code connections}.
   */
  public Kctl(InputStream stdin, Environment environment, ConnectionCache connections) {
    this(connections, stdin, InstantSource.system(), environment);
  }

  Kctl(Connector connector, InputStream stdin, InstantSource clock, Environment environment) {
    this.session = new Session(this, connector, stdin, clock, environment);
  }

  /** Runs kctl in this JVM; {@code bin/kctl} starts at {@link dev.kctl.cli.agent.Launcher}. */
  public static void main(String[] args) {
    System.exit(runHere(args));
  }

  /**
   * Runs one command line in this process, with its stdin, stdout and stderr; on a terminal, a
   * command line without a verb (only global options such as {@code --kubeconfig}, or nothing)
   * starts the REPL, as {@code kctl ... repl}.
   *
   * @return the exit code
   */
  public static int runHere(String[] args) {
    quietLogging();
    boolean terminal = System.console() != null && System.console().isTerminal();
    String[] run = terminal ? withReplWhenNoVerb(args) : args;
    try (Kctl kctl = new Kctl(Connector.KUBECONFIG, System.in)) {
      return kctl.execute(run, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }
  }

  /** kctl carries no logging backend: SLF4J's note about that (from the informers) is noise here. */
  public static void quietLogging() {
    System.setProperty("slf4j.internal.verbosity", "ERROR");
  }

  /** Runs one command line; output and errors go to {@code out} and {@code err}. */
  public int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine(args);
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The whole command model: every verb (for help, completion scripts and the REPL). */
  CommandLine commandLine() {
    CommandLine root = new CommandLine(this);
    VERBS.forEach(root::addSubcommand);
    return configured(root);
  }

  /**
   * The command model for running {@code args}: only the verb they name, when they name a known
   * one; else the whole model, so that help and usage errors list every verb.
   */
  CommandLine commandLine(String[] args) {
    String verb = CommandWords.verb(args);
    if (verb == null || verb.equals("help") || !VERBS.containsKey(verb)) {
      return commandLine();
    }
    CommandLine root = new CommandLine(this);
    root.addSubcommand(verb, VERBS.get(verb));
    return configured(root);
  }

  /** Settings apply to the subcommands present when they are set, so they come last. */
  private CommandLine configured(CommandLine root) {
    return root.setExecutionExceptionHandler(new ErrorReporter(() -> verbosity > 0))
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** {@code args} and "repl" when they name no verb and do not ask for help or the version. */
  static String[] withReplWhenNoVerb(String[] args) {
    boolean helpOrVersion = Arrays.stream(args)
        .anyMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version"));
    if (CommandWords.verb(args) != null || helpOrVersion) {
      return args;
    }
    String[] withRepl = Arrays.copyOf(args, args.length + 1);
    withRepl[args.length] = "repl";
    return withRepl;
  }

  private static Map<String, Class<?>> verbs(Object... classesAndNames) {
    Map<String, Class<?>> verbs = new java.util.LinkedHashMap<>();
    for (int i = 0; i < classesAndNames.length; i += 2) {
      verbs.put((String) classesAndNames[i + 1], (Class<?>) classesAndNames[i]);
    }
    return java.util.Collections.unmodifiableMap(verbs);
  }

  Session session() {
    return session;
  }

  /** Stops the running command's blocking reads (a followed log); a watch ends on interrupt. */
  public void cancel() {
    session.cancel();
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

  /** The version of the kctl jar (its manifest), or "development" when run from classes. */
  static String version() {
    String version = Kctl.class.getPackage().getImplementationVersion();
    return version == null ? "development" : "v" + version;
  }

  /** Prints {@link #version()} for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"kctl " + version()};
    }
  }
}
