package dev.kctl.cli;

import dev.kctl.client.Client;
import java.io.InputStream;

/**
 * What the commands of one kctl run share: the global options and one client, connected on first
 * use so that {@code kctl --help} and usage errors need no kubeconfig.
 */
final class Session implements AutoCloseable {
  private final Kctl options;
  private final Connector connector;
  private final InputStream stdin;
  private Connector.Connection connection;

  Session(Kctl options, Connector connector, InputStream stdin) {
    this.options = options;
    this.connector = connector;
    this.stdin = stdin;
  }

  Client client() {
    return connection().client();
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

  private Connector.Connection connection() {
    if (connection == null) {
      connection = connector.connect(options.kubeconfig, options.context);
    }
    return connection;
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.client().close();
    }
  }
}
