package dev.kctl.kletd.proxy;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * kletd's kube-proxy role, on one machine: for every Service port with a clusterIP, a TCP listener
 * on clusterIP:port (any 127/8 address is local on Linux, so no root is needed), and for NodePort
 * and LoadBalancer Services one on the node address at the nodePort. Each connection goes to the
 * next ready endpoint of the Service's Endpoints (round robin; with {@code sessionAffinity:
 * ClientIP} a client IP keeps its endpoint while that stays ready, without the affinity timeout),
 * bytes copied both ways. A connection arriving while no endpoint is ready is closed at once.
 *
 * <p>Endpoints changes reach new connections only; established ones keep their endpoint. A port
 * that cannot be bound is logged once and recorded as a Warning Event
 * {@code FailedToBindServicePort} on its Service. Only TCP is proxied: UDP and SCTP ports are not
 * supported and are skipped.
 *
 * <p>It also keeps what each Service's name stands for ({@link #addresses()}), from the same
 * informers, and tells {@link #onNamesChanged listeners} when that changes, so that pods' hosts
 * files follow the Services without a second watch.
 */
public final class ServiceProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceProxy.class);
  private static final Duration SYNC_WAIT = Duration.ofSeconds(5);

  private final Informer services;
  private final Informer endpoints;
  private final ProxyTable table;
  /** Guarded by itself: the addresses of each Service that has any, by Service key. */
  private final Map<String, ServiceAddress> names = new HashMap<>();
  private final List<Runnable> namesListeners = new CopyOnWriteArrayList<>();

  /**
   * Registers handlers on the informers (all namespaces): build it before starting them.
   *
   * @param nodeAddress the address nodePorts are served on
   */
  public ServiceProxy(Informer services, Informer endpoints, EventRecorder events, String nodeAddress) {
    this.services = services;
    this.endpoints = endpoints;
    this.table = new ProxyTable(nodeAddress, (service, address, cause) -> {
      String key = ObjectMeta.of(service).key();
      log.warn("proxy for service {}: cannot listen on {} ({}); connections to it will not be forwarded until"
          + " whatever holds the port frees it", key, address, cause.getMessage());
      events.warning(service, "FailedToBindServicePort", "kletd could not listen on "
          + address.getHostString() + ":" + address.getPort() + ": " + cause.getMessage());
    });
    InformerHandler sync = new InformerHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        sync(ObjectMeta.of(object).key());
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode current) {
        sync(ObjectMeta.of(current).key());
      }

      @Override
      public void onDelete(ObjectNode last) {
        sync(ObjectMeta.of(last).key());
      }
    };
    services.addHandler(sync);
    endpoints.addHandler(sync);
  }

  /** Services and their Endpoints share a key, so either change syncs the Service's listeners. */
  private void sync(String key) {
    ObjectNode service = services.get(key).orElse(null);
    ObjectNode endpointsOf = endpoints.get(key).orElse(null);
    table.sync(key, service, endpointsOf);
    Optional<ServiceAddress> address = service == null
        ? Optional.empty()
        : ServiceAddress.of(service, endpointsOf);
    boolean changed;
    synchronized (names) {
      ServiceAddress before = address.isPresent() ? names.put(key, address.get()) : names.remove(key);
      changed = !Objects.equals(before, address.orElse(null));
    }
    if (changed) {
      // Endpoints change often; only a change of what a name stands for reaches the listeners.
      for (Runnable listener : namesListeners) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          log.warn("proxy: a listener for service name changes failed after the change of {}", key, e);
        }
      }
    }
  }

  /**
   * Calls {@code listener} (on an informer thread; it must return quickly) whenever what a Service
   * name stands for changes: a Service added or deleted, its clusterIP set, or the ready addresses
   * of a headless Service changed.
   */
  public void onNamesChanged(Runnable listener) {
    namesListeners.add(listener);
  }

  /**
   * What every Service's name stands for now, sorted by namespace and name; waits briefly for the
   * first list, as {@link #services} does.
   */
  public List<ServiceAddress> addresses() {
    awaitSynced("pods may start with a hosts file without Service names");
    synchronized (names) {
      return names.values().stream()
          .sorted(Comparator.comparing(ServiceAddress::namespace).thenComparing(ServiceAddress::name))
          .toList();
    }
  }

  /**
   * The Services of {@code namespace} and of {@code default}, for composing a container's
   * environment; waits briefly for the first list so that early pods are not left without them.
   */
  public List<ObjectNode> services(String namespace) {
    awaitSynced("pods of namespace " + namespace + " may start without service variables");
    return services.list().stream().filter(s -> {
      String ns = ObjectMeta.of(s).namespace();
      return ns.equals(namespace) || ns.equals("default");
    }).toList();
  }

  private void awaitSynced(String consequence) {
    try {
      if (!services.awaitSynced(SYNC_WAIT) || !endpoints.awaitSynced(SYNC_WAIT)) {
        log.warn("proxy: Services or Endpoints not listed within {}; {}", SYNC_WAIT, consequence);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes every listener; established connections run on until either side closes. */
  @Override
  public void close() {
    table.close();
  }
}
