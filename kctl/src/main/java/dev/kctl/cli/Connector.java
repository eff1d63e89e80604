package dev.kctl.cli;

import dev.kctl.client.Client;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.RestClient;

/** How kctl gets a client: from a kubeconfig in real use, from a fake in tests. */
@FunctionalInterface
interface Connector {
  /** A client and the context's namespace; {@code kubeconfig} and {@code context} may be null. */
  Connection connect(String kubeconfig, String context);

  /** The client and namespace of the kubeconfig context kubectl would use. */
  Connector KUBECONFIG = (kubeconfig, context) -> {
    KubeConfig config = KubeConfig.load(KubeConfig.locate(kubeconfig), context == null ? "" : context);
    return new Connection(RestClient.connect(config), config.namespace());
  };

  /** An open client and the namespace commands use when given none. */
  record Connection(Client client, String namespace) {}
}
