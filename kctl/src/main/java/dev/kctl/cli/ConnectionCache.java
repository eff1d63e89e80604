package dev.kctl.cli;

import dev.kctl.client.ConfigOverrides;
import dev.kctl.client.RequestLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kctl agent's connections to API servers, kept from one command to the next: a command
 * whose kubeconfig, context and connection flags match an earlier one's reuses its client, and
 * with it the open TLS connection, instead of parsing the kubeconfig and shaking hands again.
 * A changed kubeconfig file (size or time) makes a new one. Commands that log their requests
 * ({@code -v=6}) get a connection of their own, since the log belongs to the command.
 */
public final class ConnectionCache implements Connector {
  /** The most connections kept; the one used least recently is closed to make room. */
  private static final int KEPT = 4;

  private record Key(Path file, long size, long modified, String context, ConfigOverrides overrides) {}

  private final Map<Key, Connection> kept = new LinkedHashMap<>(KEPT, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Connection> eldest) {
      if (size() > KEPT) {
        eldest.getValue().client().close();
        return true;
      }
      return false;
    }
  };

  @Override
  public Connection connect(String kubeconfig, String context) {
    return connect(Environment.ofProcess(), kubeconfig, context, RequestLog.NONE, ConfigOverrides.NONE);
  }

  @Override
  public Connection connect(Environment environment, String kubeconfig, String context, RequestLog requestLog,
      ConfigOverrides overrides) {
    if (requestLog != RequestLog.NONE) {
      return KUBECONFIG.connect(environment, kubeconfig, context, requestLog, overrides);
    }
    Path file = environment.kubeconfig(kubeconfig);
    Key key;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      key = new Key(file, attributes.size(), attributes.lastModifiedTime().toMillis(), context == null ? "" : context,
          overrides);
    } catch (IOException e) {
      return KUBECONFIG.connect(environment, kubeconfig, context, requestLog, overrides);
    }
    Connection connection;
    synchronized (kept) {
      connection = kept.get(key);
    }
    if (connection == null) {
      Connection made = KUBECONFIG.connect(environment, file.toString(), context, requestLog, overrides);
      synchronized (kept) {
        connection = kept.putIfAbsent(key, made);
      }
      if (connection == null) {
        connection = made;
      } else {
        made.client().close();
      }
    }
    // The command closes its client when it ends; the kept one stays open for the next.
    return new Connection(new SharedClient(connection.client()), connection.namespace(), connection.paths(),
        connection.server(), connection.context(), connection.kubeconfigFile());
  }
}
