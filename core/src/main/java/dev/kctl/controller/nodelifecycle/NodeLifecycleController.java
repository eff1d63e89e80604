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
import dev.kctl.controller.runtime.Taint;
import dev.kctl.controller.runtime.Toleration;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node lifecycle controller. A node whose last heartbeat (its Lease's {@code renewTime} in
 * {@code kube-node-lease}, or its Ready condition's {@code lastHeartbeatTime}, whichever is newer)
 * is older than {@link Config#gracePeriod()} gets Ready=Unknown ({@code NodeStatusUnknown}).
 * Every node carries the taints its state calls for ({@link NodeTaints}): not-ready while Ready
 * is False, unreachable while it is Unknown (each NoSchedule and NoExecute, with
 * {@code timeAdded}), unschedulable while cordoned, the pressure taints; they go when the state
 * does.
 *
 * <p>Pods on a node with NoExecute taints are evicted when their tolerations run out
 * ({@link TaintEviction}): at once without a matching toleration, after its
 * {@code tolerationSeconds} (300 s for the tolerations the API server adds to every pod), never
 * without seconds. From an unreachable node, eviction deletes with {@link DeleteOptions#NOW},
 * since the node cannot finish a graceful deletion; elsewhere gracefully. The pods' owners
 * recreate them elsewhere.
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
   */
  public record Config(Duration gracePeriod) {
    public static final Config DEFAULTS = new Config(Duration.ofSeconds(40));
  }

  private final Client client;
  private final Informer nodes;
  private final Informer leases;
  private final Informer pods;
  private final InstantSource clock;
  private final Config config;
  private final EventRecorder events;
  private final WorkQueue queue = new WorkQueue(NAME);
  /** NoExecute taints without timeAdded (set by hand): when each was first seen, by node/key:effect. */
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

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
      firstSeen.keySet().removeIf(k -> k.startsWith(name + "/"));
      return;
    }
    ObjectNode node = cached.get();
    Instant now = clock.instant();
    Instant heartbeat = NodeHealth.lastHeartbeat(node, leases.get("kube-node-lease/" + name).orElse(null));
    Instant expires = heartbeat.plus(config.gracePeriod());
    boolean silent = !now.isBefore(expires);
    if (silent && !NodeHealth.readyStatus(node).equals("Unknown")) {
      patch(node, NodeHealth.readyUnknown(node, now), "status");
      events.normal(node, "NodeNotReady", "Node %s status is now: NodeNotReady".formatted(name));
      log.info("{}: node {} last heartbeat {} is older than {}: Ready=Unknown", NAME, name, heartbeat, config.gracePeriod());
      return; // the update brings the node back here
    }
    List<Taint> desired = NodeTaints.desired(node, now);
    if (NodeTaints.differ(node, desired)) {
      patch(node, NodeTaints.patch(node, desired), null);
      log.info("{}: node {} is now tainted {}", NAME, name, desired.stream().map(t -> t.key() + ":" + t.effect()).toList());
      return; // the update brings the node back here
    }
    evictDuePods(node, name, now);
    if (!silent) {
      queue.addAfter(name, Duration.between(now, expires));
    }
  }

  private void evictDuePods(ObjectNode node, String name, Instant now) {
    List<Taint> taints = Taint.of(node);
    if (taints.stream().noneMatch(t -> t.effect().equals(Taint.NO_EXECUTE))) {
      return;
    }
    boolean unreachable = NodeHealth.readyStatus(node).equals("Unknown");
    Duration nextCheck = null;
    for (ObjectNode pod : pods.list()) {
      if (!pod.path("spec").path("nodeName").asString("").equals(name) || NodeHealth.isFinished(pod)) {
        continue;
      }
      Optional<Instant> due = TaintEviction.due(taints, Toleration.of(pod), t -> addedAt(name, t, now));
      if (due.isEmpty()) {
        continue;
      }
      if (now.isBefore(due.get())) {
        Duration wait = Duration.between(now, due.get());
        nextCheck = nextCheck == null || wait.compareTo(nextCheck) < 0 ? wait : nextCheck;
        continue;
      }
      if (!unreachable && !ObjectMeta.of(pod).deletionTimestamp().isEmpty()) {
        continue; // its node is finishing the graceful deletion
      }
      evict(pod, name, unreachable);
    }
    if (nextCheck != null) {
      queue.addAfter(name, nextCheck);
    }
  }

  /** When a taint was added: its timeAdded, else when this controller first saw it. */
  private Instant addedAt(String node, Taint taint, Instant now) {
    return taint.timeAdded().orElseGet(() -> firstSeen.computeIfAbsent(node + "/" + taint.key() + ":" + taint.effect(), k -> now));
  }

  private void evict(ObjectNode pod, String node, boolean unreachable) {
    ObjectMeta meta = ObjectMeta.of(pod);
    try {
      client.delete(PODS, meta.namespace(), meta.name(), unreachable ? DeleteOptions.NOW : DeleteOptions.DEFAULT);
      events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + meta.key());
      log.info("{}: evicted pod {} from node {}: it does not tolerate the node's NoExecute taints (any longer)", NAME, meta.key(), node);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
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
