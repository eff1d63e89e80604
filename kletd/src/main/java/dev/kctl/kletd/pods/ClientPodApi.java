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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/** {@link PodApi} over the API server, with events from component {@code kubelet}. */
final class ClientPodApi implements PodApi {
  private final Client client;
  private final EventRecorder events;
  private final Function<String, List<ObjectNode>> services;

  ClientPodApi(Client client, EventRecorder events, Function<String, List<ObjectNode>> services) {
    this.client = client;
    this.events = events;
    this.services = services;
  }

  @Override
  public List<ObjectNode> services(String namespace) {
    return services.apply(namespace);
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
