package dev.kctl.kletd.node;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.client.Client;
import dev.kctl.codec.Json;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node's heartbeat Lease, as the kubelet keeps it: {@code kube-node-lease/<node>} with
 * holderIdentity the node's name, leaseDurationSeconds 40 and renewTime (a MicroTime) moved on at
 * each {@link #renew()}; created when missing, owned by the Node so that it goes with it.
 */
public final class NodeLease {
  static final String NAMESPACE = "kube-node-lease";
  static final int DURATION_SECONDS = 40;
  private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

  private final Client client;
  private final String nodeName;
  private final InstantSource clock;
  private boolean refusedLogged;

  public NodeLease(Client client, String nodeName, InstantSource clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  /**
   * Renews the Lease, creating it if needed.
   *
   * @return false when it could not (the server refused or could not be reached); the caller then
   *     heartbeats through the Node's status instead
   */
  public synchronized boolean renew() {
    try {
      ObjectNode lease;
      try {
        lease = client.get(ResourceTypes.LEASES, NAMESPACE, nodeName);
      } catch (ApiException e) {
        if (e.reason() != StatusReason.NotFound) {
          throw e;
        }
        client.create(ResourceTypes.LEASES, NAMESPACE, fresh());
        return true;
      }
      ObjectNode spec = lease.has("spec") ? (ObjectNode) lease.get("spec") : lease.putObject("spec");
      spec.put("holderIdentity", nodeName);
      spec.put("leaseDurationSeconds", DURATION_SECONDS);
      spec.put("renewTime", Timestamps.microTime(clock.instant()));
      client.update(ResourceTypes.LEASES, lease);
      return true;
    } catch (ApiException e) {
      if (e.reason() == StatusReason.Forbidden) {
        if (!refusedLogged) {
          refusedLogged = true;
          log.warn("node {}: the API server does not let this node write its Lease {}/{} ({}); heartbeating"
              + " through the Node's status instead", nodeName, NAMESPACE, nodeName, e.getMessage());
        }
      } else {
        log.warn("node {}: could not renew Lease {}/{}: {}", nodeName, NAMESPACE, nodeName, e.getMessage());
      }
      return false;
    } catch (RuntimeException e) {
      log.warn("node {}: could not renew Lease {}/{}: {}", nodeName, NAMESPACE, nodeName, e.getMessage());
      return false;
    }
  }

  private ObjectNode fresh() {
    ObjectNode lease = Json.object();
    lease.put("apiVersion", "coordination.k8s.io/v1");
    lease.put("kind", "Lease");
    ObjectNode meta = lease.putObject("metadata");
    meta.put("name", nodeName);
    meta.put("namespace", NAMESPACE);
    try {
      ObjectNode node = client.get(ResourceTypes.NODES, null, nodeName);
      meta.putArray("ownerReferences").addObject()
          .put("apiVersion", "v1")
          .put("kind", "Node")
          .put("name", nodeName)
          .put("uid", node.path("metadata").path("uid").asString(""));
    } catch (ApiException e) {
      // The Node is registered first; without it the Lease simply has no owner.
    }
    ObjectNode spec = lease.putObject("spec");
    spec.put("holderIdentity", nodeName);
    spec.put("leaseDurationSeconds", DURATION_SECONDS);
    spec.put("renewTime", Timestamps.microTime(clock.instant()));
    return lease;
  }
}
