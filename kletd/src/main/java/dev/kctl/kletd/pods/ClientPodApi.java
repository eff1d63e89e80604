package dev.kctl.kletd.pods;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.Client;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import dev.kctl.kletd.proxy.ServiceAddress;
import dev.kctl.kletd.proxy.ServiceProxy;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link PodApi} over the API server, with events from component {@code kubelet}, and the node's
 * service proxy for Services.
 */
final class ClientPodApi implements PodApi {
  private final Client client;
  private final EventRecorder events;
  /** The node's service proxy; empty on simulated nodes, which run none. */
  private final Optional<ServiceProxy> proxy;

  ClientPodApi(Client client, EventRecorder events, Optional<ServiceProxy> proxy) {
    this.client = client;
    this.events = events;
    this.proxy = proxy;
  }

  @Override
  public List<ObjectNode> services(String namespace) {
    return proxy.map(p -> p.services(namespace)).orElse(List.of());
  }

  @Override
  public Optional<List<ServiceAddress>> serviceNames() {
    return proxy.map(ServiceProxy::addresses);
  }

  @Override
  public void patchStatus(PodView pod, ObjectNode status) {
    ObjectNode patch = Json.object();
    patch.set("status", status);
    client.patch(ResourceTypes.PODS, pod.meta().namespace(), pod.meta().name(), PatchType.MERGE, patch, "status");
  }

  @Override
  public void event(PodView pod, EventType type, String reason, String message) {
    switch (type) {
      case Normal -> events.normal(pod.object(), reason, message);
      case Warning -> events.warning(pod.object(), reason, message);
    }
  }

  @Override
  public void delete(PodView pod) {
    try {
      client.delete(ResourceTypes.PODS, pod.meta().namespace(), pod.meta().name(), DeleteOptions.NOW);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }

  @Override
  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    try {
      return Optional.of(client.get(type, namespace, name));
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
