package dev.kctl.controller.kubernetesservice;

import static dev.kctl.api.ResourceTypes.ENDPOINTS;
import static dev.kctl.api.ResourceTypes.ENDPOINTSLICES;
import static dev.kctl.api.ResourceTypes.SERVICES;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.Informer;
import dev.kctl.client.ListOptions;
import dev.kctl.controller.runtime.ControllerLoop;
import dev.kctl.controller.runtime.KeyHandler;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.WorkQueue;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the Service {@code default/kubernetes} in front of the API server, as kube-apiserver's
 * own controller does: the Service (ClusterIP {@value #PREFERRED_CLUSTER_IP}, the first address of
 * the range, when free; port 443 named {@code https} with the API server's real port as
 * targetPort), its Endpoints and its EndpointSlice (the API server's address and port). They are
 * made at start, put back when deleted, and their ports and addresses corrected when they differ,
 * say after kctld came back on another port. Through it every kletd's proxy forwards
 * {@code 127.96.0.1:443} to kctld (TLS passes through), so pods reach the API server at
 * {@code https://kubernetes.default.svc} and get {@code KUBERNETES_SERVICE_HOST/PORT}.
 *
 * <p>The Service has no selector, so the endpoints controller leaves its Endpoints to this one.
 */
public final class KubernetesServiceController implements Reconciler, AutoCloseable {
  /** The component name in logs. */
  public static final String NAME = "kubernetes-service-controller";
  public static final String NAMESPACE = "default";
  public static final String SERVICE = "kubernetes";
  /** The Service's ClusterIP unless a user Service took it before kctld made it. */
  public static final String PREFERRED_CLUSTER_IP = "127.96.0.1";
  /**
   * The names a client in a pod uses for the API server, which its serving certificate must carry
   * for {@code https://kubernetes.default.svc} to verify.
   */
  public static final List<String> SERVING_NAMES = List.of(SERVICE, SERVICE + ".default", SERVICE + ".default.svc",
      SERVICE + ".default.svc.cluster.local", PREFERRED_CLUSTER_IP);
  private static final Logger log = LoggerFactory.getLogger(KubernetesServiceController.class);
  private static final String KEY = NAMESPACE + "/" + SERVICE;
  private static final String PORT_NAME = "https";

  /**
   * Where the API server serves.
   *
   * @param ip an IP address other machines' pods can reach it on (not a wildcard)
   * @param port its real port
   */
  public record ApiServerAddress(String ip, int port) {
    /**
     * The address for an API server listening on {@code host}: its IP; for a wildcard, the first
     * IPv4 address of an interface that is up and not loopback (kube-apiserver's advertise address
     * is likewise the host's), else 127.0.0.1.
     */
    public static ApiServerAddress forListenHost(String host, int port) {
      try {
        InetAddress listen = InetAddress.getByName(host.isEmpty() ? "0.0.0.0" : host);
        if (!listen.isAnyLocalAddress()) {
          return new ApiServerAddress(listen.getHostAddress(), port);
        }
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
          if (nic.isUp() && !nic.isLoopback()) {
            for (InetAddress a : nic.inetAddresses().toList()) {
              if (a instanceof Inet4Address) {
                return new ApiServerAddress(a.getHostAddress(), port);
              }
            }
          }
        }
      } catch (IOException e) {
        log.warn("{}: cannot find an address for listen host {} ({}); service {} points at 127.0.0.1", NAME, host,
            e.getMessage(), KEY);
      }
      return new ApiServerAddress("127.0.0.1", port);
    }
  }

  private final Client client;
  private final ApiServerAddress address;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final List<Informer> informers;
  private final ControllerLoop loop;

  private KubernetesServiceController(Client client, ApiServerAddress address) {
    this.client = client;
    this.address = address;
    ListOptions named = ListOptions.NONE.withFieldSelector("metadata.name=" + SERVICE);
    this.informers = List.of(new Informer(client, SERVICES, NAMESPACE, named),
        new Informer(client, ENDPOINTS, NAMESPACE, named), new Informer(client, ENDPOINTSLICES, NAMESPACE, named));
    // Every change of any of the three, deletions above all, reconciles the one key.
    KeyHandler handler = new KeyHandler(queue);
    informers.forEach(i -> i.addHandler(handler));
    informers.forEach(Informer::start);
    this.loop = ControllerLoop.start(NAME, this, queue, 1, informers);
  }

  /**
   * Makes the Service and its endpoints once before returning, so that on a fresh cluster the
   * Service gets {@value #PREFERRED_CLUSTER_IP} before any client can ask for an address, then
   * keeps them; a failure of the first pass is logged and retried by the loop.
   */
  public static KubernetesServiceController start(Client client, ApiServerAddress address) {
    KubernetesServiceController controller = new KubernetesServiceController(client, address);
    try {
      controller.reconcile(KEY);
    } catch (RuntimeException e) {
      log.warn("{}: could not make service {} at start; retrying: {}", NAME, KEY, e.getMessage());
      controller.queue.add(KEY);
    }
    return controller;
  }

  /**
   * Reads the three objects from the API, not from the informers' caches: a cache a moment behind a
   * deletion would have this create an object that exists, or skip one that is gone.
   */
  @Override
  public void reconcile(String key) {
    ensureService();
    ensure(ENDPOINTS, DesiredObjects.endpoints(address), "subsets");
    ensure(ENDPOINTSLICES, DesiredObjects.slice(address), "endpoints", "ports", "addressType");
  }

  private void ensureService() {
    ObjectNode current;
    try {
      current = client.get(SERVICES, NAMESPACE, SERVICE);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
      createService();
      return;
    }
    ObjectNode desired = DesiredObjects.service(address, "");
    if (DesiredObjects.covers(current.path("spec").path("ports"), desired.path("spec").path("ports"))
        && current.path("spec").path("type").asString("ClusterIP").equals("ClusterIP")) {
      return;
    }
    ObjectNode copy = current.deepCopy();
    ObjectNode spec = (ObjectNode) copy.path("spec");
    spec.set("ports", desired.path("spec").path("ports").deepCopy());
    spec.put("type", "ClusterIP");
    client.update(SERVICES, copy);
    log.info("{}: service {} now forwards port 443 to the API server's port {}", NAME, KEY, address.port());
  }

  private void createService() {
    ObjectNode created;
    try {
      created = client.create(SERVICES, NAMESPACE, DesiredObjects.service(address, PREFERRED_CLUSTER_IP));
    } catch (ApiException e) {
      if (e.reason() == StatusReason.AlreadyExists) {
        return;
      }
      if (e.reason() != StatusReason.Invalid) {
        throw e;
      }
      // A user Service holds 127.96.0.1: take whatever address comes next, as kube does not.
      created = client.create(SERVICES, NAMESPACE, DesiredObjects.service(address, ""));
    }
    log.info("{}: created service {} with ClusterIP {}, forwarding port 443 to the API server at {}:{}", NAME, KEY,
        created.path("spec").path("clusterIP").asString(""), address.ip(), address.port());
  }

  /** Creates {@code desired}, or brings the {@code fields} of the stored object in line with it. */
  private void ensure(ResourceType type, ObjectNode desired, String... fields) {
    ObjectNode current;
    try {
      current = client.get(type, NAMESPACE, SERVICE);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
      try {
        client.create(type, NAMESPACE, desired);
        log.info("{}: created {} {}", NAME, type.resource(), KEY);
      } catch (ApiException raced) {
        if (raced.reason() != StatusReason.AlreadyExists) {
          throw raced;
        }
      }
      return;
    }
    ObjectNode copy = current.deepCopy();
    boolean changed = false;
    for (String field : fields) {
      if (!DesiredObjects.covers(current.path(field), desired.path(field))) {
        copy.set(field, desired.path(field).deepCopy());
        changed = true;
      }
    }
    ObjectNode labels = copy.path("metadata").path("labels") instanceof ObjectNode l
        ? l
        : ((ObjectNode) copy.path("metadata")).putObject("labels");
    for (var label : desired.path("metadata").path("labels").properties()) {
      if (!label.getValue().equals(labels.path(label.getKey()))) {
        labels.set(label.getKey(), label.getValue().deepCopy());
        changed = true;
      }
    }
    if (changed) {
      client.update(type, copy);
      log.info("{}: corrected {} {} to the API server at {}:{}", NAME, type.resource(), KEY, address.ip(),
          address.port());
    }
  }

  /** Stops the loop, then the informers. */
  @Override
  public void close() {
    loop.close();
    informers.forEach(Informer::close);
  }
}
