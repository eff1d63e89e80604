package dev.kctl.cli;

import dev.kctl.client.Client;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.RestClient;
import java.net.URI;

/** How kctl gets a client: from a kubeconfig in real use, from a fake in tests. */
@FunctionalInterface
interface Connector {
  /** A client and the context's namespace; {@code kubeconfig} and {@code context} may be null. */
  Connection connect(String kubeconfig, String context);

  /** The client and namespace of the kubeconfig context kubectl would use. */
  Connector KUBECONFIG = (kubeconfig, context) -> {
    KubeConfig config = KubeConfig.load(KubeConfig.locate(kubeconfig), context == null ? "" : context);
    return new Connection(RestClient.connect(config), config.namespace(), new HttpServerPaths(config),
        config.server(), config.context());
  };

  /**
   * An open client, the namespace commands use when given none, the server's other paths, and
   * where the server is (for messages and cluster-info).
   */
  record Connection(Client client, String namespace, ServerPaths paths, URI server, String context) {
    /** A connection without server paths, for tests of resource commands. */
    Connection(Client client, String namespace) {
      this(client, namespace, path -> {
        throw new CommandException("the server path " + path + " is not available");
      }, URI.create("https://127.0.0.1:6443"), "test");
    }
  }
}
