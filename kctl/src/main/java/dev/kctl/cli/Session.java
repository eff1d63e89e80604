package dev.kctl.cli;

import dev.kctl.client.Client;
import java.io.InputStream;
import java.time.InstantSource;

/**
 * What the commands of one kctl run share: the global options and one client, connected on first
 * use so that {@code kctl --help} and usage errors need no kubeconfig.
 */
final class Session implements AutoCloseable {
  private final Kctl options;
  private final Connector connector;
  private final InputStream stdin;
  private final InstantSource clock;
  private final Environment environment;
  private Connector.Connection connection;
  /** Streams to close when the user cancels the running command (Ctrl-C in the REPL). */
  private final java.util.List<AutoCloseable> onCancel = new java.util.concurrent.CopyOnWriteArrayList<>();

  Session(Kctl options, Connector connector, InputStream stdin, InstantSource clock,
      Environment environment) {
    this.options = options;
    this.connector = connector;
    this.stdin = stdin;
    this.clock = clock;
    this.environment = environment;
  }

  /** An environment variable, or empty. */
  String environment(String name) {
    return environment.variable(name);
  }

  /** Where the command line was typed: its variables and working directory. */
  Environment environment() {
    return environment;
  }

  /** A file named on the command line, found from the working directory it was typed in. */
  java.nio.file.Path path(String name) {
    return environment.path(name);
  }

  /** The clock ages are measured with. */
  InstantSource clock() {
    return clock;
  }

  Client client() {
    return connection().client();
  }

  /** The server's non-resource paths (discovery, version, OpenAPI). */
  ServerPaths paths() {
    return connection().paths();
  }

  /** The API server's URL. */
  java.net.URI server() {
    return connection().server();
  }

  /** The namespace given by {@code -n}, else the kubeconfig context's. */
  String namespace() {
    return namespaceGiven() ? options.namespace : connection().namespace();
  }

  boolean namespaceGiven() {
    return options.namespace != null && !options.namespace.isEmpty();
  }

  InputStream stdin() {
    return stdin;
  }

  Connector.Connection connection() {
    if (connection == null) {
      dev.kctl.client.RequestLog requestLog = options.verbosity >= RequestTrace.REQUESTS
          ? new RequestTrace(options.verbosity, () -> options.spec.commandLine().getErr(), clock,
              java.time.ZoneId.systemDefault())
          : dev.kctl.client.RequestLog.NONE;
      connection = connector.connect(environment, options.kubeconfig, options.context, requestLog, overrides());
    }
    return connection;
  }

  /** What the connection flags change about the kubeconfig context, checked as kubectl checks them. */
  dev.kctl.client.ConfigOverrides overrides() {
    java.time.Duration timeout = options.requestTimeout == null
        ? dev.kctl.client.ConfigOverrides.DEFAULT_REQUEST_TIMEOUT
        : dev.kctl.client.ConfigOverrides.parseTimeout(options.requestTimeout);
    return new dev.kctl.client.ConfigOverrides(options.cluster, options.user, options.server, options.token,
        options.insecureSkipTlsVerify, timeout);
  }

  /** The connection, if a command has made it. */
  java.util.Optional<Connector.Connection> connected() {
    return java.util.Optional.ofNullable(connection);
  }

  /** Closes {@code resource} if the running command is cancelled, to unblock a read on it. */
  void closeOnCancel(AutoCloseable resource) {
    onCancel.add(resource);
  }

  /** Cancels the running command's blocking reads. */
  void cancel() {
    for (AutoCloseable resource : onCancel) {
      try {
        resource.close();
      } catch (Exception e) {
        // Cancelling is best effort: the command ends either way.
      }
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.client().close();
    }
  }
}
