package dev.kctl.controller.endpoints;

import static dev.kctl.api.ResourceTypes.ENDPOINTS;
import static dev.kctl.api.ResourceTypes.ENDPOINTSLICES;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import dev.kctl.client.ListOptions;
import dev.kctl.controller.runtime.KeyHandler;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.WorkQueue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The endpoints controller: for each Service with a selector, keeps an Endpoints object of the
 * same name listing the selected pods (ready ones as addresses, others as notReadyAddresses),
 * and EndpointSlices mirroring it (label {@code kubernetes.io/service-name}, owned by the
 * Service), which is what {@code kubectl describe service} reads. Pods here share their node's
 * network, so each address's port is the pod's {@code hostPort} for the container port the
 * Service's {@code targetPort} names (a number or a port name): the port its process really
 * listens on. Pods with different ports land in different subsets (and slices), as in kube.
 * Services without a selector are left to their users.
 */
public final class EndpointsController implements Reconciler {
  /** The component name in logs. */
  public static final String NAME = "endpoints-controller";
  private static final Logger log = LoggerFactory.getLogger(EndpointsController.class);

  private final Client client;
  private final Informer services;
  private final Informer pods;
  private final WorkQueue queue = new WorkQueue(NAME);

  /** Registers handlers on the informers: build it before starting them. */
  public EndpointsController(Client client, Informer services, Informer pods) {
    this.client = client;
    this.services = services;
    this.pods = pods;
    services.addHandler(new KeyHandler(queue));
    pods.addHandler(new InformerHandler() {
      @Override
      public void onAdd(ObjectNode pod) {
        enqueueServicesOf(pod);
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode current) {
        enqueueServicesOf(old);
        enqueueServicesOf(current);
      }

      @Override
      public void onDelete(ObjectNode last) {
        enqueueServicesOf(last);
      }
    });
  }

  public WorkQueue queue() {
    return queue;
  }

  private void enqueueServicesOf(ObjectNode pod) {
    ObjectMeta meta = ObjectMeta.of(pod);
    for (ObjectNode service : services.list()) {
      ObjectMeta s = ObjectMeta.of(service);
      if (s.namespace().equals(meta.namespace()) && selector(service).map(sel -> sel.test(meta.labels())).orElse(false)) {
        queue.add(s.key());
      }
    }
  }

  /** The Service's selector as a label predicate; empty when it has none. */
  private static Optional<Predicate<Map<String, String>>> selector(ObjectNode service) {
    JsonNode selector = service.path("spec").path("selector");
    if (!selector.isObject() || selector.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> wanted = new HashMap<>();
    selector.properties().forEach(e -> wanted.put(e.getKey(), e.getValue().asString("")));
    return Optional.of(labels -> labels.entrySet().containsAll(wanted.entrySet()));
  }

  @Override
  public void reconcile(String key) {
    int slash = key.indexOf('/');
    String namespace = key.substring(0, slash);
    String name = key.substring(slash + 1);
    Optional<ObjectNode> cached = services.get(key);
    Optional<Predicate<Map<String, String>>> selector = cached.flatMap(EndpointsController::selector);
    if (cached.isEmpty() || selector.isEmpty()) {
      // deleted, or its endpoints are its user's business; slices we made go either way
      if (cached.isEmpty()) {
        deleteQuietly(ENDPOINTS, namespace, name);
      }
      syncSlices(namespace, name, List.of());
      return;
    }
    ObjectNode service = cached.get();
    List<ObjectNode> selected = pods.list().stream()
        .filter(p -> ObjectMeta.of(p).namespace().equals(namespace))
        .filter(p -> selector.get().test(ObjectMeta.of(p).labels()))
        .toList();
    List<Subset> subsets = Subset.of(service, selected);
    syncEndpoints(service, EndpointObjects.endpoints(service, subsets));
    syncSlices(namespace, name, subsets.stream().map(s -> EndpointObjects.slice(service, s)).toList());
  }

  private void syncEndpoints(ObjectNode service, ObjectNode desired) {
    ObjectMeta meta = ObjectMeta.of(service);
    ObjectNode current;
    try {
      current = client.get(ENDPOINTS, meta.namespace(), meta.name());
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
      client.create(ENDPOINTS, meta.namespace(), desired);
      log.debug("{}: created endpoints {}", NAME, meta.key());
      return;
    }
    if (Objects.equals(current.path("subsets"), desired.path("subsets"))
        && Objects.equals(current.path("metadata").path("labels"), desired.path("metadata").path("labels"))) {
      return;
    }
    ObjectNode copy = current.deepCopy();
    copy.set("subsets", desired.path("subsets").deepCopy());
    ((ObjectNode) copy.path("metadata")).set("labels", desired.path("metadata").path("labels").deepCopy());
    client.update(ENDPOINTS, copy);
  }

  /** Makes the Service's slices exactly {@code desired}, by name. */
  private void syncSlices(String namespace, String service, List<ObjectNode> desired) {
    ListOptions mine = ListOptions.NONE.withLabelSelector(
        EndpointObjects.SERVICE_NAME_LABEL + "=" + service + "," + EndpointObjects.MANAGED_BY_LABEL + "=" + EndpointObjects.MANAGED_BY);
    Map<String, ObjectNode> existing = new HashMap<>();
    client.list(ENDPOINTSLICES, namespace, mine).path("items").forEach(i -> existing.put(ObjectMeta.of(i).name(), (ObjectNode) i));
    Set<String> wanted = new HashSet<>();
    for (ObjectNode slice : desired) {
      String name = ObjectMeta.of(slice).name();
      wanted.add(name);
      ObjectNode current = existing.get(name);
      if (current == null) {
        client.create(ENDPOINTSLICES, namespace, slice);
      } else if (!Objects.equals(current.path("endpoints"), slice.path("endpoints"))
          || !Objects.equals(current.path("ports"), slice.path("ports"))) {
        ObjectNode copy = current.deepCopy();
        copy.set("endpoints", slice.path("endpoints").deepCopy());
        copy.set("ports", slice.path("ports").deepCopy());
        client.update(ENDPOINTSLICES, copy);
      }
    }
    for (String name : existing.keySet()) {
      if (!wanted.contains(name)) {
        deleteQuietly(ENDPOINTSLICES, namespace, name);
      }
    }
  }

  private void deleteQuietly(ResourceType type, String namespace, String name) {
    try {
      client.delete(type, namespace, name);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }
}
