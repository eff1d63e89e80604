package dev.kctl.controller.replicaset;

import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;

import dev.kctl.api.LabelSelector;
import dev.kctl.api.ObjectMeta;
import dev.kctl.client.Client;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.Informer;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.ControllerRefManager;
import dev.kctl.controller.runtime.DeletionOrder;
import dev.kctl.controller.runtime.Expectations;
import dev.kctl.controller.runtime.KeyHandler;
import dev.kctl.controller.runtime.OrphanHandler;
import dev.kctl.controller.runtime.OwnedPodHandler;
import dev.kctl.controller.runtime.PodConditions;
import dev.kctl.controller.runtime.PodControl;
import dev.kctl.controller.runtime.PodTemplates;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.StatusWriter;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The replica set controller: keeps {@code spec.replicas} active pods for each ReplicaSet,
 * creating pods from its template (named {@code <replicaset>-<random>}, controlled by it) and
 * deleting surplus ones (unscheduled, then not ready, then newest first), and reports
 * {@code status}. Pods that are terminating or finished do not count. It adopts pods of its
 * namespace that match its selector and have no controller, and releases the ones it controls
 * whose labels stop matching ({@link ControllerRefManager}).
 *
 * <p>The constructor registers handlers on the informers, so build the controller before
 * starting them; run {@link #reconcile} from a {@link dev.kctl.controller.runtime.ControllerLoop} on
 * {@link #queue()}.
 */
public final class ReplicaSetController implements Reconciler {
  /** The component name on events and in logs. */
  public static final String NAME = "replicaset-controller";
  private static final Logger log = LoggerFactory.getLogger(ReplicaSetController.class);
  /** At most this many pods created or deleted per reconcile, as kube's burstReplicas. */
  private static final int BURST = 500;

  private final Client client;
  private final Informer replicaSets;
  private final Informer pods;
  private final InstantSource clock;
  private final EventRecorder events;
  private final Expectations expectations;
  private final PodControl podControl;
  private final ControllerRefManager refs;
  private final WorkQueue queue = new WorkQueue(NAME);

  /**
   * @param replicaSets informer on ReplicaSets, all namespaces
   * @param pods informer on Pods, all namespaces
   */
  public ReplicaSetController(Client client, Informer replicaSets, Informer pods, InstantSource clock) {
    this.client = client;
    this.replicaSets = replicaSets;
    this.pods = pods;
    this.clock = clock;
    this.events = new EventRecorder(client, NAME, "", clock);
    this.expectations = new Expectations(clock);
    this.podControl = new PodControl(client, events, expectations, "replica set");
    replicaSets.addHandler(new KeyHandler(queue));
    this.refs = new ControllerRefManager(client, REPLICASETS, PODS);
    pods.addHandler(OwnedPodHandler.relistAware("ReplicaSet", expectations, queue));
    pods.addHandler(new OrphanHandler(replicaSets, queue));
  }

  public WorkQueue queue() {
    return queue;
  }

  @Override
  public void reconcile(String key) {
    Optional<ObjectNode> cached = replicaSets.get(key);
    if (cached.isEmpty()) {
      expectations.forget(key);
      return;
    }
    ObjectNode rs = cached.get();
    ObjectMeta meta = ObjectMeta.of(rs);
    LabelSelector selector = LabelSelector.fromObject(rs.path("spec").path("selector"));
    List<ObjectNode> inNamespace = pods.list().stream().filter(p -> ObjectMeta.of(p).namespace().equals(meta.namespace())).toList();
    List<ObjectNode> active = refs.claim(rs, selector, inNamespace).stream().filter(PodConditions::isActive).toList();
    RuntimeException failure = null;
    List<ObjectNode> remaining = active;
    if (expectations.satisfied(key) && meta.deletionTimestamp().isEmpty()) {
      try {
        remaining = manageReplicas(key, rs, active);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    // status is reported even when scaling failed, from what the cache shows minus the pods just
    // deleted: a deployment rolling out counts on availableReplicas not to go below its minimum
    updateStatus(key, rs, remaining);
    if (failure != null) {
      throw failure;
    }
  }

  /** Creates or deletes pods; returns the active pods that remain. */
  private List<ObjectNode> manageReplicas(String key, ObjectNode rs, List<ObjectNode> active) {
    int desired = rs.path("spec").path("replicas").asInt(1);
    int diff = active.size() - desired;
    if (diff < 0) {
      createPods(key, rs, Math.min(-diff, BURST));
    } else if (diff > 0) {
      List<ObjectNode> victims = active.stream().sorted(DeletionOrder.FIRST_TO_DELETE).limit(Math.min(diff, BURST)).toList();
      deletePods(key, rs, victims);
      return active.stream().filter(p -> !victims.contains(p)).toList();
    }
    return active;
  }

  private void createPods(String key, ObjectNode rs, int count) {
    podControl.createPods(key, rs, count, i -> PodTemplates.newPod(rs, rs.path("spec").path("template")));
    log.info("{}: created {} pods for replica set {}", NAME, count, key);
  }

  private void deletePods(String key, ObjectNode rs, List<ObjectNode> victims) {
    podControl.expectDeletions(key, victims);
    RuntimeException failure = null;
    for (ObjectNode pod : victims) {
      try {
        podControl.deletePod(key, rs, pod);
      } catch (RuntimeException e) {
        // the deletion will not be observed (observing a refused one twice counts once)
        expectations.deletionObserved(key, ObjectMeta.of(pod).key());
        events.warning(rs, "FailedDelete", "Error deleting: " + e.getMessage());
        failure = e;
      }
    }
    if (failure != null) {
      throw new IllegalStateException("cannot delete pods of replica set %s: %s".formatted(key, failure.getMessage()), failure);
    }
    log.info("{}: deleted {} surplus pods of replica set {}", NAME, victims.size(), key);
  }

  private void updateStatus(String key, ObjectNode rs, List<ObjectNode> active) {
    Instant now = clock.instant();
    Duration minReady = Duration.ofSeconds(rs.path("spec").path("minReadySeconds").asLong(0));
    Map<String, String> templateLabels = ObjectMeta.of(rs.path("spec").path("template")).labels();
    int fullyLabeled = (int) active.stream()
        .filter(p -> ObjectMeta.of(p).labels().entrySet().containsAll(templateLabels.entrySet()))
        .count();
    int ready = (int) active.stream().filter(PodConditions::isReady).count();
    int available = (int) active.stream().filter(p -> PodConditions.isAvailable(p, minReady, now)).count();

    ObjectNode status = rs.path("status").isObject() ? (ObjectNode) rs.path("status").deepCopy() : Json.object();
    status.put("replicas", active.size());
    status.put("fullyLabeledReplicas", fullyLabeled);
    status.put("readyReplicas", ready);
    status.put("availableReplicas", available);
    status.put("observedGeneration", ObjectMeta.of(rs).generation());
    StatusWriter.writeIfChanged(client, REPLICASETS, rs, status);
    if (ready > available) {
      // nothing else will happen when these pods become available: look again then
      queue.addAfter(key, minReady);
    }
  }
}
