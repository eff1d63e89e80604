package dev.kctl.controller.daemonset;

import static dev.kctl.api.ResourceTypes.DAEMONSETS;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.Client;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.ControllerRefs;
import dev.kctl.controller.runtime.Expectations;
import dev.kctl.controller.runtime.KeyHandler;
import dev.kctl.controller.runtime.OwnedPodHandler;
import dev.kctl.controller.runtime.PodConditions;
import dev.kctl.controller.runtime.PodControl;
import dev.kctl.controller.runtime.PodTemplateHash;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.StatusWriter;
import dev.kctl.controller.runtime.Toleration;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The daemon set controller: one pod per eligible node, as kube decides it: the node matches the
 * template's nodeSelector (and nodeName) and has no NoSchedule or NoExecute taint that the pod
 * does not tolerate, counting the tolerations every daemon pod gets (see {@link DaemonPods}), so
 * cordoned and pressured nodes keep their daemons. A node with an untolerated NoSchedule taint gets
 * no new pod but keeps the one it has; an untolerated NoExecute taint removes it. Pods are created with a required node affinity for their node's name,
 * as kube does, so that the scheduler binds them (and assigns their host ports); pods on nodes no
 * longer eligible, and extra pods on one node, are deleted. A changed template is rolled out by
 * deleting old pods (label {@value #HASH_LABEL}) at most {@code maxUnavailable} nodes at a time,
 * unavailable ones first; each is replaced on the next sync. Reports {@code status} with kube's
 * counters.
 */
public final class DaemonSetController implements Reconciler {
  /** The component name on events and in logs. */
  public static final String NAME = "daemonset-controller";
  /** The label carrying the template's hash on each pod; kube's pods carry it too. */
  static final String HASH_LABEL = "controller-revision-hash";
  private static final Logger log = LoggerFactory.getLogger(DaemonSetController.class);

  private final Client client;
  private final Informer daemonSets;
  private final Informer nodes;
  private final Informer pods;
  private final InstantSource clock;
  private final Expectations expectations;
  private final PodControl podControl;
  private final WorkQueue queue = new WorkQueue(NAME);

  /** Registers handlers on the informers: build it before starting them. */
  public DaemonSetController(Client client, Informer daemonSets, Informer nodes, Informer pods, InstantSource clock) {
    this.client = client;
    this.daemonSets = daemonSets;
    this.nodes = nodes;
    this.pods = pods;
    this.clock = clock;
    this.expectations = new Expectations(clock);
    this.podControl = new PodControl(client, new EventRecorder(client, NAME, "", clock), expectations, "daemon set");
    daemonSets.addHandler(new KeyHandler(queue));
    nodes.addHandler(new InformerHandler() {
      @Override
      public void onAdd(ObjectNode node) {
        enqueueAll();
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode current) {
        if (!Nodes.sameFitInputs(old, current)) {
          enqueueAll();
        }
      }

      @Override
      public void onDelete(ObjectNode last) {
        enqueueAll();
      }
    });
    pods.addHandler(OwnedPodHandler.of("DaemonSet", expectations, queue));
  }

  public WorkQueue queue() {
    return queue;
  }

  private void enqueueAll() {
    daemonSets.list().forEach(ds -> queue.add(ObjectMeta.of(ds).key()));
  }

  @Override
  public void reconcile(String key) {
    Optional<ObjectNode> cached = daemonSets.get(key);
    if (cached.isEmpty()) {
      expectations.forget(key);
      return;
    }
    ObjectNode ds = cached.get();
    ObjectMeta meta = ObjectMeta.of(ds);
    String hash = PodTemplateHash.of(ds.path("spec").path("template"), -1);
    List<Toleration> tolerations = DaemonPods.tolerations(ds);
    Set<String> eligible = new TreeSet<>();
    Set<String> keep = new TreeSet<>();
    for (ObjectNode node : nodes.list()) {
      switch (Nodes.fit(node, ds, tolerations)) {
        case RUN -> eligible.add(ObjectMeta.of(node).name());
        case KEEP -> keep.add(ObjectMeta.of(node).name());
        case NONE -> { }
      }
    }
    Map<String, List<ObjectNode>> byNode = new HashMap<>();
    for (ObjectNode pod : pods.list()) {
      if (ObjectMeta.of(pod).namespace().equals(meta.namespace()) && ControllerRefs.controlledBy(pod, ds)
          && PodConditions.isActive(pod)) {
        byNode.computeIfAbsent(Nodes.targetNode(pod), n -> new ArrayList<>()).add(pod);
      }
    }
    if (meta.deletionTimestamp().isEmpty() && expectations.satisfied(key)) {
      manage(key, ds, hash, eligible, keep, byNode);
    }
    updateStatus(key, ds, hash, eligible, byNode);
  }

  private void manage(String key, ObjectNode ds, String hash, Set<String> eligible, Set<String> keep,
      Map<String, List<ObjectNode>> byNode) {
    List<String> missing = new ArrayList<>();
    List<ObjectNode> surplus = new ArrayList<>();
    for (String node : eligible) {
      if (byNode.getOrDefault(node, List.of()).isEmpty()) {
        missing.add(node);
      }
    }
    for (Map.Entry<String, List<ObjectNode>> e : byNode.entrySet()) {
      List<ObjectNode> here = e.getValue();
      if (!eligible.contains(e.getKey()) && !keep.contains(e.getKey())) {
        surplus.addAll(here);
      } else if (here.size() > 1) {
        // keep the oldest
        here.stream().sorted(Comparator.comparing((ObjectNode p) -> ObjectMeta.of(p).creationTimestamp()).reversed())
            .limit(here.size() - 1).forEach(surplus::add);
      }
    }
    surplus.addAll(RollingUpdate.oldPodsToDelete(ds, hash, eligible, byNode, clock.instant()));
    if (!missing.isEmpty()) {
      create(key, ds, hash, missing);
    }
    if (!surplus.isEmpty()) {
      podControl.deletePods(key, ds, surplus);
    }
  }

  private void create(String key, ObjectNode ds, String hash, List<String> nodeNames) {
    podControl.createPods(key, ds, nodeNames.size(), i -> DaemonPods.forNode(ds, hash, nodeNames.get(i)));
    log.info("{}: created {} pods for daemon set {}", NAME, nodeNames.size(), key);
  }

  private void updateStatus(String key, ObjectNode ds, String hash, Set<String> eligible, Map<String, List<ObjectNode>> byNode) {
    Instant now = clock.instant();
    Duration minReady = Duration.ofSeconds(ds.path("spec").path("minReadySeconds").asLong(0));
    int scheduled = 0;
    int ready = 0;
    int available = 0;
    int updated = 0;
    int misscheduled = 0;
    for (Map.Entry<String, List<ObjectNode>> e : byNode.entrySet()) {
      if (!eligible.contains(e.getKey())) {
        misscheduled++;
        continue;
      }
      scheduled++;
      List<ObjectNode> here = e.getValue();
      ready += here.stream().anyMatch(PodConditions::isReady) ? 1 : 0;
      available += here.stream().anyMatch(p -> PodConditions.isAvailable(p, minReady, now)) ? 1 : 0;
      updated += here.stream().anyMatch(p -> hash.equals(ObjectMeta.of(p).labels().get(HASH_LABEL))) ? 1 : 0;
    }
    ObjectNode status = ds.path("status").isObject() ? (ObjectNode) ds.path("status").deepCopy() : Json.object();
    status.put("desiredNumberScheduled", eligible.size());
    status.put("currentNumberScheduled", scheduled);
    status.put("numberMisscheduled", misscheduled);
    status.put("numberReady", ready);
    status.put("updatedNumberScheduled", updated);
    status.put("numberAvailable", available);
    status.put("numberUnavailable", Math.max(0, eligible.size() - available));
    status.put("observedGeneration", ObjectMeta.of(ds).generation());
    StatusWriter.writeUnlessGone(client, DAEMONSETS, ds, status);
    if (ready > available) {
      queue.addAfter(key, minReady);
    }
  }
}
