package dev.kctl.cli;

import dev.kctl.client.Client;
import dev.kctl.client.ConfigOverrides;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.RequestLog;
import dev.kctl.client.RestClient;
import java.net.URI;
import java.nio.file.Path;

/** How kctl gets a client: from a kubeconfig in real use, from a fake in tests. */
@FunctionalInterface
interface Connector {
  /** A client and the context's namespace; {@code kubeconfig} and {@code context} may be null. */
  Connection connect(String kubeconfig, String context);

  /** As {@link #connect(String, String)}, telling {@code requestLog} of every request (for -v=6). */
  default Connection connect(String kubeconfig, String context, RequestLog requestLog) {
    return connect(kubeconfig, context);
  }

  /**
   * As {@link #connect(String, String, RequestLog)}, with kubectl's connection flags ({@code --server},
   * {@code --token}, {@code --request-timeout} and the like) applied to the kubeconfig context.
   */
  default Connection connect(String kubeconfig, String context, RequestLog requestLog, ConfigOverrides overrides) {
    return connect(kubeconfig, context, requestLog);
  }

  /** As {@link #connect(String, String, RequestLog, ConfigOverrides)}, for a command line typed in {@code environment}. */
  default Connection connect(Environment environment, String kubeconfig, String context, RequestLog requestLog,
      ConfigOverrides overrides) {
    return connect(kubeconfig, context, requestLog, overrides);
  }

  /** The client and namespace of the kubeconfig context kubectl would use. */
  Connector KUBECONFIG = new Connector() {
    @Override
    public Connection connect(String kubeconfig, String context) {
      return connect(kubeconfig, context, RequestLog.NONE);
    }

    @Override
    public Connection connect(String kubeconfig, String context, RequestLog requestLog) {
      return connect(kubeconfig, context, requestLog, ConfigOverrides.NONE);
    }

    @Override
    public Connection connect(String kubeconfig, String context, RequestLog requestLog, ConfigOverrides overrides) {
      return connect(Environment.ofProcess(), kubeconfig, context, requestLog, overrides);
    }

    @Override
    public Connection connect(Environment environment, String kubeconfig, String context, RequestLog requestLog,
        ConfigOverrides overrides) {
      Path file = environment.kubeconfig(kubeconfig);
      KubeConfig config = KubeConfig.load(file, context == null ? "" : context, overrides);
      return new Connection(RestClient.connect(config, requestLog, overrides), config.namespace(),
          new HttpServerPaths(config, requestLog, () -> RestClient.tls(config, overrides)), config.server(),
          config.context(), file.toString());
    }
  };

  /**
   * An open client, the namespace commands use when given none, the server's other paths, where
   * the server is (for messages and cluster-info), and the kubeconfig file that named it (empty
   * when none did).
   */
  record Connection(Client client, String namespace, ServerPaths paths, URI server, String context,
      String kubeconfigFile) {
    Connection(Client client, String namespace, ServerPaths paths, URI server, String context) {
      this(client, namespace, paths, server, context, "");
    }

    /** A connection without server paths, for tests of resource commands. */
    Connection(Client client, String namespace) {
      this(client, namespace, path -> {
        throw new CommandException("the server path " + path + " is not available");
      }, URI.create("https://127.0.0.1:6443"), "test");
    }
  }
}
