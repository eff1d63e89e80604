package dev.kctl.controller.deployment;

import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import dev.kctl.controller.runtime.ControllerRefManager;
import dev.kctl.controller.runtime.ControllerRefs;
import dev.kctl.controller.runtime.KeyHandler;
import dev.kctl.controller.runtime.OrphanHandler;
import dev.kctl.controller.runtime.PodTemplateHash;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.StatusWriter;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployment controller: runs each Deployment's pod template through a ReplicaSet named
 * {@code <deployment>-<pod-template-hash>}, which it creates, scales and labels, and reports the
 * Deployment's status and conditions. A changed template gets a new ReplicaSet with the next
 * revision. The RollingUpdate strategy moves replicas from the old ReplicaSets to the new one in
 * steps bounded by maxSurge and maxUnavailable (see {@link Rollout}); Recreate scales the old ones
 * to zero and starts the new one once their pods are gone. Old ReplicaSets scaled to zero are
 * kept up to {@code spec.revisionHistoryLimit} (default 10), for rollbacks: a template changed
 * back to an old one (what {@code kubectl rollout undo} does) reuses that ReplicaSet as the next
 * revision. It adopts ReplicaSets of its namespace that match its selector and have no controller,
 * and releases those whose labels stop matching ({@link ControllerRefManager}). A paused
 * Deployment starts no rollout, and a change of its replica count, paused or
 * not, is spread over its ReplicaSets proportionally ({@link ProportionalScaling}) before any
 * rollout goes on; a terminating one only has its status updated.
 *
 * <p>The constructor registers handlers on the informers, so build the controller before
 * starting them; run {@link #reconcile} from a {@link dev.kctl.controller.runtime.ControllerLoop} on
 * {@link #queue()}.
 */
public final class DeploymentController implements Reconciler {
  /** The component name on events and in logs. */
  public static final String NAME = "deployment-controller";
  private static final Logger log = LoggerFactory.getLogger(DeploymentController.class);
  private static final Comparator<ObjectNode> OLDEST_FIRST = Comparator
      .comparing((ObjectNode rs) -> ObjectMeta.of(rs).creationTimestamp())
      .thenComparing(rs -> ObjectMeta.of(rs).name());

  private final Client client;
  private final Informer deployments;
  private final Informer replicaSets;
  private final Informer pods;
  private final InstantSource clock;
  private final EventRecorder events;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final ControllerRefManager refs;

  /**
   * @param deployments informer on Deployments, all namespaces
   * @param replicaSets informer on ReplicaSets, all namespaces
   * @param pods informer on Pods, all namespaces: the Recreate strategy waits for old pods to end
   */
  public DeploymentController(Client client, Informer deployments, Informer replicaSets, Informer pods, InstantSource clock) {
    this.client = client;
    this.deployments = deployments;
    this.replicaSets = replicaSets;
    this.pods = pods;
    this.clock = clock;
    this.events = new EventRecorder(client, NAME, "", clock);
    deployments.addHandler(new KeyHandler(queue));
    this.refs = new ControllerRefManager(client, DEPLOYMENTS, REPLICASETS);
    replicaSets.addHandler(new ReplicaSetHandler());
    replicaSets.addHandler(new OrphanHandler(deployments, queue));
    pods.addHandler(new PodHandler());
  }

  public WorkQueue queue() {
    return queue;
  }

  @Override
  public void reconcile(String key) {
    Optional<ObjectNode> cached = deployments.get(key);
    if (cached.isEmpty()) {
      return; // deleted: the garbage collector removes its ReplicaSets by owner reference
    }
    ObjectNode d = cached.get();
    ObjectMeta meta = ObjectMeta.of(d);
    List<ObjectNode> inNamespace = replicaSets.list().stream()
        .filter(rs -> ObjectMeta.of(rs).namespace().equals(meta.namespace()))
        .toList();
    List<ObjectNode> owned = refs.claim(d, LabelSelector.fromObject(d.path("spec").path("selector")), inNamespace).stream()
        .sorted(OLDEST_FIRST)
        .toList();
    long collisionCount = d.path("status").path("collisionCount").asLong(-1);
    String hash = PodTemplateHash.of(d.path("spec").path("template"), collisionCount);
    ObjectNode newRs = findNew(d, owned, hash);
    List<ObjectNode> old = owned.stream().filter(rs -> rs != newRs).toList();

    if (!meta.deletionTimestamp().isEmpty()) {
      syncStatus(key, d, newRs, owned, false);
      return;
    }
    if (d.path("spec").path("paused").asBoolean(false) || ProportionalScaling.isScalingEvent(d, owned)) {
      syncScale(key, d, newRs, old);
      return;
    }
    long revision = old.stream().mapToLong(ReplicaSets::revision).max().orElse(0) + 1;
    RolloutLimits limits = RolloutLimits.of(d);
    Step step = d.path("spec").path("strategy").path("type").asString("RollingUpdate").equals("Recreate")
        ? recreate(d, newRs, old, hash, revision, limits)
        : rollingUpdate(d, newRs, old, hash, revision, limits);
    if (step.newRs() != null && step.complete()) {
      cleanUpHistory(d, step.all().stream().filter(rs -> rs != step.newRs()).toList());
    }
    ObjectNode latest = step.newRs() == null ? d : syncRevision(d, step.newRs());
    syncStatus(key, latest, step.newRs(), step.all(), step.created());
  }

  /** What one sync left: the new ReplicaSet (null when not created yet) and all of them. */
  private record Step(ObjectNode newRs, List<ObjectNode> all, boolean created, boolean complete) {
    Step {
      all = List.copyOf(all);
    }
  }

  /** One step of kube's rolloutRolling: grow the new ReplicaSet, else shrink old ones. */
  private Step rollingUpdate(ObjectNode d, ObjectNode newRs, List<ObjectNode> old, String hash, long revision, RolloutLimits limits) {
    List<ObjectNode> all = new ArrayList<>(old);
    boolean created = newRs == null;
    ObjectNode current;
    if (created) {
      ObjectNode placeholder = ReplicaSets.newReplicaSet(d, hash, revision, 0, 0);
      List<ObjectNode> withNew = new ArrayList<>(old);
      withNew.add(placeholder);
      current = createNew(d, hash, revision, Rollout.newReplicas(d, withNew, placeholder), limits);
    } else {
      current = syncNew(d, newRs, revision, limits);
      List<ObjectNode> withNew = new ArrayList<>(old);
      withNew.add(current);
      current = scale(d, current, Rollout.newReplicas(d, withNew, current), limits);
    }
    all.add(current);
    boolean scaledUp = created || ReplicaSets.specReplicas(current) > ReplicaSets.specReplicas(newRs);
    if (!scaledUp) {
      Map<String, Integer> targets = Rollout.oldReplicas(d, all, current, old);
      all = new ArrayList<>();
      for (ObjectNode rs : old) {
        Integer target = targets.get(ObjectMeta.of(rs).name());
        all.add(target == null ? rs : scale(d, rs, target, limits));
      }
      all.add(current);
    }
    ObjectNode latest = current;
    boolean complete = ReplicaSets.specReplicas(current) == ReplicaSets.specReplicas(d)
        && all.stream().filter(rs -> rs != latest).allMatch(rs -> ReplicaSets.specReplicas(rs) == 0)
        && Rollout.available(current) == ReplicaSets.specReplicas(d);
    return new Step(current, all, created, complete);
  }

  /** kube's rolloutRecreate: old ReplicaSets to zero, wait until their pods are gone, then the new one. */
  private Step recreate(ObjectNode d, ObjectNode newRs, List<ObjectNode> old, String hash, long revision, RolloutLimits limits) {
    List<ObjectNode> all = new ArrayList<>();
    for (ObjectNode rs : old) {
      all.add(scale(d, rs, 0, limits));
    }
    boolean oldPodsLeft = oldPodsRunning(old);
    if (newRs == null && oldPodsLeft) {
      return new Step(null, all, false, false);
    }
    boolean created = newRs == null;
    ObjectNode current = created
        ? createNew(d, hash, revision, oldPodsLeft ? 0 : ReplicaSets.specReplicas(d), limits)
        : syncNew(d, newRs, revision, limits);
    if (!oldPodsLeft) {
      current = scale(d, current, ReplicaSets.specReplicas(d), limits);
    }
    all.add(current);
    boolean complete = !oldPodsLeft && Rollout.available(current) == ReplicaSets.specReplicas(d);
    return new Step(current, all, created, complete);
  }

  /** Whether any pod of the old ReplicaSets has not ended, terminating ones included. */
  private boolean oldPodsRunning(List<ObjectNode> old) {
    Set<String> uids = old.stream().map(rs -> ObjectMeta.of(rs).uid()).collect(Collectors.toSet());
    return pods.list().stream()
        .filter(p -> ObjectMeta.of(p).controller().map(ref -> uids.contains(ref.uid())).orElse(false))
        .map(p -> p.path("status").path("phase").asString(""))
        .anyMatch(phase -> !phase.equals("Succeeded") && !phase.equals("Failed"));
  }

  /**
   * kube's {@code sync}: a paused Deployment, or one whose replica count changed, has its
   * ReplicaSets scaled ({@link ProportionalScaling}) without starting or advancing a rollout.
   */
  private void syncScale(String key, ObjectNode d, ObjectNode newRs, List<ObjectNode> old) {
    RolloutLimits limits = RolloutLimits.of(d);
    Map<String, Integer> sizes = ProportionalScaling.sizes(d, newRs, old, limits);
    List<ObjectNode> all = new ArrayList<>();
    ObjectNode current = newRs;
    for (ObjectNode rs : old) {
      Integer size = sizes.get(ObjectMeta.of(rs).name());
      all.add(size == null ? rs : scale(d, rs, size, limits));
    }
    if (newRs != null) {
      Integer size = sizes.get(ObjectMeta.of(newRs).name());
      current = size == null ? newRs : scale(d, newRs, size, limits);
      all.add(current);
    }
    syncStatus(key, d, current, all, false);
  }

  /** The ReplicaSet running the current template; by hash when templates differ only by defaults. */
  private static ObjectNode findNew(ObjectNode d, List<ObjectNode> owned, String hash) {
    return owned.stream().filter(rs -> ReplicaSets.runsTemplate(rs, d)).findFirst()
        .or(() -> owned.stream()
            .filter(rs -> hash.equals(ObjectMeta.of(rs).labels().get(PodTemplateHash.LABEL)))
            .findFirst())
        .orElse(null);
  }

  private ObjectNode createNew(ObjectNode d, String hash, long revision, int replicas, RolloutLimits limits) {
    ObjectMeta meta = ObjectMeta.of(d);
    ObjectNode rs = ReplicaSets.newReplicaSet(d, hash, revision, replicas, ReplicaSets.specReplicas(d) + limits.maxSurge());
    ObjectNode created;
    try {
      created = client.create(REPLICASETS, meta.namespace(), rs);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.AlreadyExists) {
        throw e;
      }
      String name = ObjectMeta.of(rs).name();
      ObjectNode existing = client.get(REPLICASETS, meta.namespace(), name);
      if (ControllerRefs.controlledBy(existing, d) && ReplicaSets.runsTemplate(existing, d)) {
        // ours, and our cache had not seen it yet
        return scale(d, syncNew(d, existing, revision, limits), replicas, limits);
      }
      // another template hashed to the same name: hash again with a higher collision count
      ObjectNode copy = d.deepCopy();
      copy.withObjectProperty("status").put("collisionCount", d.path("status").path("collisionCount").asLong(-1) + 1);
      client.updateStatus(DEPLOYMENTS, copy);
      throw new IllegalStateException("replica set %s/%s exists with another template; retrying with a new collision count"
          .formatted(meta.namespace(), name), e);
    }
    log.info("{}: created replica set {} (revision {}) for deployment {}", NAME, ObjectMeta.of(created).key(), revision, meta.key());
    if (replicas > 0) {
      events.normal(d, "ScalingReplicaSet", "Scaled up replica set %s from 0 to %d".formatted(ObjectMeta.of(created).name(), replicas));
    }
    return created;
  }

  /**
   * Brings the new ReplicaSet's annotations (the Deployment's, such as change-cause, and its
   * revision) and minReadySeconds up to date, as kube's SetNewReplicaSetAnnotations does. A
   * ReplicaSet rolled back to becomes the newest revision again; its former revisions are listed
   * in {@code deployment.kubernetes.io/revision-history}.
   */
  private ObjectNode syncNew(ObjectNode d, ObjectNode rs, long revision, RolloutLimits limits) {
    ObjectNode copy = rs.deepCopy();
    ObjectNode annotations = ObjectMeta.mutable(copy).withObjectProperty("annotations");
    ReplicaSets.copyAnnotations(d, annotations);
    long current = ReplicaSets.revision(rs);
    if (current < revision) {
      if (current > 0) {
        String history = annotations.path(ReplicaSets.REVISION_HISTORY).asString("");
        annotations.put(ReplicaSets.REVISION_HISTORY, history.isEmpty() ? Long.toString(current) : history + "," + current);
      }
      annotations.put(ReplicaSets.REVISION, Long.toString(revision));
    }
    copy.withObjectProperty("spec").put("minReadySeconds", d.path("spec").path("minReadySeconds").asInt(0));
    if (Objects.equals(copy, rs)) {
      return rs;
    }
    return client.update(REPLICASETS, copy);
  }

  private ObjectNode scale(ObjectNode d, ObjectNode rs, int replicas, RolloutLimits limits) {
    return scaleCopy(d, rs, rs.deepCopy(), replicas, limits);
  }

  /** Writes {@code copy} with {@code replicas} and the replica annotations, when that changes anything. */
  private ObjectNode scaleCopy(ObjectNode d, ObjectNode rs, ObjectNode copy, int replicas, RolloutLimits limits) {
    ObjectNode annotations = ObjectMeta.mutable(copy).withObjectProperty("annotations");
    int before = ReplicaSets.specReplicas(rs);
    if (before != replicas || replicas > 0) {
      // kube rewrites these whenever it scales, and keeps them on ReplicaSets at zero
      annotations.put(ReplicaSets.DESIRED_REPLICAS, Integer.toString(ReplicaSets.specReplicas(d)));
      annotations.put(ReplicaSets.MAX_REPLICAS, Integer.toString(ReplicaSets.specReplicas(d) + limits.maxSurge()));
    }
    copy.withObjectProperty("spec").put("replicas", replicas);
    if (Objects.equals(copy, rs)) {
      return rs;
    }
    ObjectNode updated = client.update(REPLICASETS, copy);
    if (before != replicas) {
      String direction = replicas > before ? "up" : "down";
      events.normal(d, "ScalingReplicaSet", "Scaled %s replica set %s from %d to %d"
          .formatted(direction, ObjectMeta.of(rs).name(), before, replicas));
      log.info("{}: scaled {} replica set {} from {} to {}", NAME, direction, ObjectMeta.of(rs).key(), before, replicas);
    }
    return updated;
  }

  /** Deletes the oldest revisions of fully scaled-down ReplicaSets beyond the history limit. */
  private void cleanUpHistory(ObjectNode d, List<ObjectNode> old) {
    int limit = d.path("spec").path("revisionHistoryLimit").asInt(10);
    List<ObjectNode> idle = old.stream()
        .filter(rs -> ReplicaSets.specReplicas(rs) == 0 && ReplicaSets.status(rs, "replicas") == 0)
        .filter(rs -> ObjectMeta.of(rs).deletionTimestamp().isEmpty())
        .sorted(Comparator.comparingLong(ReplicaSets::revision))
        .toList();
    for (ObjectNode rs : idle.subList(0, Math.max(0, idle.size() - limit))) {
      ObjectMeta meta = ObjectMeta.of(rs);
      try {
        client.delete(REPLICASETS, meta.namespace(), meta.name());
        log.info("{}: deleted old replica set {} (revision {}) beyond the history limit {}", NAME, meta.key(), ReplicaSets.revision(rs), limit);
      } catch (ApiException e) {
        if (e.reason() != StatusReason.NotFound) {
          throw e;
        }
      }
    }
  }

  /** Puts the new ReplicaSet's revision on the Deployment, where kubectl reads it. */
  private ObjectNode syncRevision(ObjectNode d, ObjectNode newRs) {
    String revision = Long.toString(ReplicaSets.revision(newRs));
    if (revision.equals(ObjectMeta.of(d).annotations().get(ReplicaSets.REVISION))) {
      return d;
    }
    ObjectNode copy = d.deepCopy();
    ObjectMeta.mutable(copy).withObjectProperty("annotations").put(ReplicaSets.REVISION, revision);
    return client.update(DEPLOYMENTS, copy);
  }

  private void syncStatus(String key, ObjectNode d, ObjectNode newRs, List<ObjectNode> all, boolean created) {
    Instant now = clock.instant();
    ObjectNode status = DeploymentStatus.compute(d, newRs, all, created, now);
    if (!StatusWriter.writeUnlessGone(client, DEPLOYMENTS, d, status)) {
      return; // deleted meanwhile: nothing left to report on
    }
    // nothing else happens when a stuck rollout passes its deadline: look again then
    DeploymentStatus.untilDeadline(d, status, now).ifPresent(left -> queue.addAfter(key, left.plusSeconds(1)));
  }

  /** Queues the Deployment whose ReplicaSet lost a pod: a Recreate may now go on. */
  private final class PodHandler implements InformerHandler {
    @Override
    public void onDelete(ObjectNode pod) {
      ControllerRefs.controllerKey(pod, "ReplicaSet")
          .flatMap(replicaSets::get)
          .flatMap(rs -> ControllerRefs.controllerKey(rs, "Deployment"))
          .ifPresent(queue::add);
    }
  }

  /** Queues the Deployment controlling a ReplicaSet that changed. */
  private final class ReplicaSetHandler implements InformerHandler {
    @Override
    public void onAdd(ObjectNode rs) {
      ControllerRefs.controllerKey(rs, "Deployment").ifPresent(queue::add);
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode current) {
      Optional<String> owner = ControllerRefs.controllerKey(current, "Deployment");
      owner.ifPresent(queue::add);
      ControllerRefs.controllerKey(old, "Deployment").filter(o -> !Optional.of(o).equals(owner)).ifPresent(queue::add);
    }

    @Override
    public void onDelete(ObjectNode last) {
      ControllerRefs.controllerKey(last, "Deployment").ifPresent(queue::add);
    }
  }
}
