package dev.kctl.kletd.portforward;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import java.util.Optional;

/** Finds the ports of a pod that is to be forwarded to. */
@FunctionalInterface
public interface PortForwardSource {
  /** @return empty when there is no such pod */
  Optional<PodPorts> find(String namespace, String pod);

  /** Reads the pod from the API server, so its ports are those its binding allocated. */
  static PortForwardSource fromApi(Client client, String nodeAddress) {
    return (namespace, pod) -> {
      try {
        return Optional.of(PodPorts.of(client.get(ResourceTypes.PODS, namespace, pod), nodeAddress));
      } catch (ApiException e) {
        if (e.reason() == StatusReason.NotFound) {
          return Optional.empty();
        }
        throw e;
      }
    };
  }
}
