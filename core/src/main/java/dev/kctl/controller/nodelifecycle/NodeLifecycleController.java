package dev.kctl.controller.nodelifecycle;

import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import dev.kctl.client.PatchType;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node lifecycle controller: a node whose last heartbeat (its Lease's {@code renewTime} in
 * {@code kube-node-lease}, or its Ready condition's {@code lastHeartbeatTime}, whichever is newer)
 * is older than {@link Config#gracePeriod()} gets Ready=Unknown ({@code NodeStatusUnknown}) and
 * the {@code node.kubernetes.io/unreachable} taints (NoSchedule, and NoExecute with its
 * {@code timeAdded}). Its pods are then evicted once their time is up: the {@code tolerationSeconds}
 * of their toleration of that taint, {@link Config#evictionTimeout()} when they have none (what
 * kube's DefaultTolerationSeconds admission gives every pod), never when they tolerate it
 * without limit. Eviction deletes with {@link DeleteOptions#NOW}, since the node cannot finish a
 * graceful deletion; the pods' owners recreate them elsewhere. A node that heartbeats and reports
 * Ready again loses the taints.
 *
 * <p>Time comes from the injected clock; checks are scheduled on the work queue
 * ({@link WorkQueue#addAfter}) for the moment a heartbeat would expire or an eviction falls due,
 * so nothing polls.
 */
public final class NodeLifecycleController implements Reconciler {
  /** The component name on events and in logs. */
  public static final String NAME = "node-lifecycle-controller";
  private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);

  /**
   * @param gracePeriod how old a heartbeat may be before the node counts as unreachable; kube's
   *     node-monitor-grace-period, default 40s
   * @param evictionTimeout how long pods without a toleration of the unreachable taint stay on an
   *     unreachable node; default 300s
   */
  public record Config(Duration gracePeriod, Duration evictionTimeout) {
    public static final Config DEFAULTS = new Config(Duration.ofSeconds(40), Duration.ofSeconds(300));
  }

  private final Client client;
  private final Informer nodes;
  private final Informer leases;
  private final Informer pods;
  private final InstantSource clock;
  private final Config config;
  private final EventRecorder events;
  private final WorkQueue queue = new WorkQueue(NAME);

  /**
   * Registers handlers on the informers: build it before starting them.
   *
   * @param leases informer on Leases in {@code kube-node-lease}
   */
  public NodeLifecycleController(Client client, Informer nodes, Informer leases, Informer pods, InstantSource clock, Config config) {
    this.client = client;
    this.nodes = nodes;
    this.leases = leases;
    this.pods = pods;
    this.clock = clock;
    this.config = config;
    this.events = new EventRecorder(client, NAME, "", clock);
    InformerHandler byName = new InformerHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        queue.add(ObjectMeta.of(object).name());
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode current) {
        queue.add(ObjectMeta.of(current).name());
      }
    };
    nodes.addHandler(byName);
    leases.addHandler(byName);
    pods.addHandler(new InformerHandler() {
      @Override
      public void onAdd(ObjectNode pod) {
        String node = pod.path("spec").path("nodeName").asString("");
        if (!node.isEmpty()) {
          queue.add(node);
        }
      }
    });
  }

  public WorkQueue queue() {
    return queue;
  }

  @Override
  public void reconcile(String name) {
    Optional<ObjectNode> cached = nodes.get(name);
    if (cached.isEmpty()) {
      return;
    }
    ObjectNode node = cached.get();
    Instant now = clock.instant();
    Instant heartbeat = NodeHealth.lastHeartbeat(node, leases.get("kube-node-lease/" + name).orElse(null));
    Instant expires = heartbeat.plus(config.gracePeriod());
    if (now.isBefore(expires)) {
      if (NodeHealth.readyStatus(node).equals("True") && NodeHealth.hasUnreachableTaint(node)) {
        patch(node, NodeHealth.withoutUnreachableTaints(node), null);
        log.info("{}: node {} is reachable again, removed the unreachable taints", NAME, name);
      }
      queue.addAfter(name, Duration.between(now, expires));
      return;
    }
    if (!NodeHealth.readyStatus(node).equals("Unknown")) {
      patch(node, NodeHealth.readyUnknown(node, now), "status");
      events.normal(node, "NodeNotReady", "Node %s status is now: NodeNotReady".formatted(name));
      log.info("{}: node {} last heartbeat {} is older than {}: Ready=Unknown", NAME, name, heartbeat, config.gracePeriod());
      return; // the update brings the node back here
    }
    if (!NodeHealth.hasUnreachableTaint(node)) {
      patch(node, NodeHealth.withUnreachableTaints(node, now), null);
      log.info("{}: tainted node {} as unreachable", NAME, name);
      return;
    }
    evictDuePods(node, name, now);
  }

  private void evictDuePods(ObjectNode node, String name, Instant now) {
    Instant tainted = NodeHealth.unreachableSince(node).orElse(now);
    Duration nextCheck = null;
    for (ObjectNode pod : pods.list()) {
      if (!pod.path("spec").path("nodeName").asString("").equals(name) || NodeHealth.isFinished(pod)) {
        continue;
      }
      Optional<Duration> tolerated = NodeHealth.toleratedFor(pod, config.evictionTimeout());
      if (tolerated.isEmpty()) {
        continue;
      }
      Instant due = tainted.plus(tolerated.get());
      if (now.isBefore(due)) {
        Duration wait = Duration.between(now, due);
        nextCheck = nextCheck == null || wait.compareTo(nextCheck) < 0 ? wait : nextCheck;
        continue;
      }
      ObjectMeta meta = ObjectMeta.of(pod);
      try {
        client.delete(PODS, meta.namespace(), meta.name(), DeleteOptions.NOW);
        events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + meta.key());
        log.info("{}: evicted pod {} from unreachable node {}", NAME, meta.key(), name);
      } catch (ApiException e) {
        if (e.reason() != StatusReason.NotFound) {
          throw e;
        }
      }
    }
    if (nextCheck != null) {
      queue.addAfter(name, nextCheck);
    }
  }

  private void patch(ObjectNode node, ObjectNode patch, String subresource) {
    try {
      client.patch(NODES, null, ObjectMeta.of(node).name(), PatchType.MERGE, patch, subresource);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }
}
