package dev.kctl.controller.garbagecollector;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ObjectMeta.OwnerReference;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import dev.kctl.client.ListOptions;
import dev.kctl.client.PatchType;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' garbage collector over {@code ownerReferences}, for the three propagation policies:
 * <ul>
 *   <li><b>Background</b>: an object whose owners are all gone is deleted; one that keeps a live
 *       owner only loses the references to the dead ones.
 *   <li><b>Foreground</b>: an owner marked for deletion with the {@code foregroundDeletion}
 *       finalizer has its dependents deleted (those that have dependents of their own in
 *       foreground too); once no dependent with {@code blockOwnerDeletion} is left, the finalizer
 *       is removed and the API server removes the owner.
 *   <li><b>Orphan</b>: an owner marked with the {@code orphan} finalizer has its references
 *       removed from its dependents, then the finalizer removed; the dependents stay.
 * </ul>
 *
 * <p>An owner counts as gone only when its kind is watched here and neither the cache nor a live
 * read finds it with the referenced uid; owners of other kinds are never presumed dead. Dependents
 * are found in the informer caches, so a dependent created a moment before its owner was marked
 * may be missed by a foreground wait; an orphaning lists them from the API server instead.
 */
public final class GarbageCollector implements Reconciler {
  public static final String NAME = "garbage-collector";
  private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

  private final Client client;
  /** Informers by kind: the dependents' kinds and the owners' kinds. */
  private final Map<String, Informer> informers;
  private final List<Informer> dependents;
  private final WorkQueue queue = new WorkQueue(NAME);

  /**
   * @param informers shared informers of every kind that can own or be owned, not started yet
   *     (this registers handlers on them)
   * @param dependentKinds the kinds whose objects are collected
   */
  public GarbageCollector(Client client, List<Informer> informers, List<ResourceType> dependentKinds) {
    this.client = client;
    this.informers = informers.stream().collect(Collectors.toMap(i -> i.type().kind(), i -> i));
    this.dependents = dependentKinds.stream().map(t -> this.informers.get(t.kind())).filter(Objects::nonNull).toList();
    for (Informer informer : dependents) {
      informer.addHandler(new DependentHandler());
    }
    for (Informer informer : informers) {
      informer.addHandler(new OwnerHandler());
    }
  }

  /** The queue the controller loop takes keys from. */
  public WorkQueue queue() {
    return queue;
  }

  /** The kinds collected by default: those the built-in controllers create. */
  public static List<ResourceType> defaultDependentKinds() {
    return List.of(ResourceTypes.REPLICASETS, ResourceTypes.PODS);
  }

  @Override
  public void reconcile(String key) {
    int bar = key.indexOf('|');
    Informer informer = informers.get(key.substring(0, bar));
    Optional<ObjectNode> found = informer.get(key.substring(bar + 1));
    if (found.isEmpty()) {
      return;
    }
    ObjectNode object = found.get();
    List<String> finalizers = Finalizers.of(object);
    boolean deleting = !ObjectMeta.of(object).deletionTimestamp().isEmpty();
    if (deleting && finalizers.contains(Finalizers.ORPHAN)) {
      orphanDependents(informer.type(), object);
    } else if (deleting && finalizers.contains(Finalizers.FOREGROUND)) {
      deleteDependentsFirst(informer.type(), object);
    } else if (!deleting) {
      // an object already being deleted is finished by someone else (its node, its finalizers)
      collectIfOwnersGone(informer.type(), object);
    }
  }

  /**
   * Orphan: removes the owner's references from its dependents, then the orphan finalizer. The
   * dependents are read from the API server, not the caches: one created a moment before the
   * owner was marked may not be cached yet, and missed here it would be collected as soon as the
   * owner is gone.
   */
  private void orphanDependents(ResourceType type, ObjectNode owner) {
    ObjectMeta meta = ObjectMeta.of(owner);
    String uid = meta.uid();
    for (Dependent d : liveDependentsOf(uid, type.namespaced() ? meta.namespace() : null)) {
      patchOwnerReferences(d.type(), d.object(), OwnerReferences.without(d.object(), uid));
    }
    removeFinalizer(type, owner, Finalizers.ORPHAN);
    log.info("{}: orphaned the dependents of {} {}", NAME, type.kind(), ObjectMeta.of(owner).key());
  }

  /** Foreground: deletes the dependents; removes the finalizer once none blocks any more. */
  private void deleteDependentsFirst(ResourceType type, ObjectNode owner) {
    String uid = ObjectMeta.of(owner).uid();
    List<Dependent> found = dependentsOf(uid);
    boolean blocked = false;
    for (Dependent d : found) {
      blocked |= OwnerReferences.blocks(d.object(), uid);
      if (ObjectMeta.of(d.object()).deletionTimestamp().isEmpty()) {
        queue.add(key(d.object()));
      }
    }
    if (!blocked) {
      removeFinalizer(type, owner, Finalizers.FOREGROUND);
      log.info("{}: no dependents of {} {} left, letting it go", NAME, type.kind(), ObjectMeta.of(owner).key());
    }
  }

  /** Background: deletes an object without live owners, or drops its references to dead ones. */
  private void collectIfOwnersGone(ResourceType type, ObjectNode object) {
    ObjectMeta meta = ObjectMeta.of(object);
    if (meta.ownerReferences().isEmpty()) {
      return;
    }
    List<String> absent = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    boolean solid = false;
    for (OwnerReference ref : meta.ownerReferences()) {
      switch (ownerState(ref, meta.namespace())) {
        case ABSENT -> absent.add(ref.uid());
        case WAITING_FOR_DEPENDENTS -> waiting.add(ref.uid());
        case SOLID -> solid = true;
      }
    }
    if (solid) {
      // stays for its live owner; stop pointing at the dead ones and stop blocking the dying ones
      patchOwnerReferences(type, object, OwnerReferences.release(object, absent, waiting));
      return;
    }
    String namespace = type.namespaced() ? meta.namespace() : null;
    // The cache may hold a version from before an orphaning removed the references: decide on
    // the object as it is now, as kube's collector does.
    Optional<ObjectNode> live = liveVersion(type, namespace, meta);
    if (live.isEmpty()) {
      return;
    }
    if (!ObjectMeta.of(live.get()).ownerReferences().equals(meta.ownerReferences())) {
      collectIfOwnersGone(type, live.get());
      return;
    }
    // a dependent of an owner deleted in foreground goes in foreground too when it has
    // dependents of its own, so that the owner waits for the whole tree
    String policy = !waiting.isEmpty() && !dependentsOf(meta.uid()).isEmpty() ? "Foreground" : "";
    try {
      client.delete(type, namespace, meta.name(), new DeleteOptions(policy, -1));
      log.info("{}: deleted {} {}: its owners are {}", NAME, type.kind(), meta.key(),
          waiting.isEmpty() ? "gone" : "being deleted in foreground");
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }

  /** The object as the API server has it, if it is still the same object (same uid). */
  private Optional<ObjectNode> liveVersion(ResourceType type, String namespace, ObjectMeta cached) {
    try {
      return Optional.of(client.get(type, namespace, cached.name()))
          .filter(live -> ObjectMeta.of(live).uid().equals(cached.uid()));
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private enum OwnerState { ABSENT, WAITING_FOR_DEPENDENTS, SOLID }

  private OwnerState ownerState(OwnerReference ref, String namespace) {
    Informer ownerInformer = informers.get(ref.kind());
    if (ownerInformer == null) {
      return OwnerState.SOLID;
    }
    ResourceType type = ownerInformer.type();
    Optional<ObjectNode> owner = ownerInformer.get(type.namespaced() ? namespace + "/" + ref.name() : ref.name())
        .filter(o -> ObjectMeta.of(o).uid().equals(ref.uid()));
    if (owner.isEmpty()) {
      // The cache may lag behind a just-created owner: confirm with a live read before deleting.
      try {
        owner = Optional.of(client.get(type, type.namespaced() ? namespace : null, ref.name()))
            .filter(o -> ObjectMeta.of(o).uid().equals(ref.uid()));
      } catch (ApiException e) {
        if (e.reason() != StatusReason.NotFound) {
          throw e;
        }
      }
    }
    if (owner.isEmpty()) {
      return OwnerState.ABSENT;
    }
    boolean waiting = !ObjectMeta.of(owner.get()).deletionTimestamp().isEmpty()
        && Finalizers.of(owner.get()).contains(Finalizers.FOREGROUND);
    return waiting ? OwnerState.WAITING_FOR_DEPENDENTS : OwnerState.SOLID;
  }

  private record Dependent(ResourceType type, ObjectNode object) {}

  private List<Dependent> dependentsOf(String uid) {
    List<Dependent> out = new ArrayList<>();
    for (Informer informer : dependents) {
      for (ObjectNode object : informer.list()) {
        if (ownedBy(object, uid)) {
          out.add(new Dependent(informer.type(), object));
        }
      }
    }
    return out;
  }

  /** The dependents of {@code uid} as the API server lists them now, in {@code namespace} (null: all). */
  private List<Dependent> liveDependentsOf(String uid, String namespace) {
    List<Dependent> out = new ArrayList<>();
    for (Informer informer : dependents) {
      ResourceType type = informer.type();
      for (JsonNode item : client.list(type, type.namespaced() ? namespace : null, ListOptions.NONE).path("items")) {
        if (item instanceof ObjectNode object && ownedBy(object, uid)) {
          out.add(new Dependent(type, object));
        }
      }
    }
    return out;
  }

  private static boolean ownedBy(ObjectNode object, String uid) {
    return ObjectMeta.of(object).ownerReferences().stream().anyMatch(ref -> ref.uid().equals(uid));
  }

  /** Writes {@code refs} as the object's owner references, guarded by its resourceVersion. */
  private void patchOwnerReferences(ResourceType type, ObjectNode object, Optional<ObjectNode> patch) {
    if (patch.isEmpty()) {
      return;
    }
    ObjectMeta meta = ObjectMeta.of(object);
    try {
      client.patch(type, type.namespaced() ? meta.namespace() : null, meta.name(), PatchType.MERGE, patch.get(), null);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }

  private void removeFinalizer(ResourceType type, ObjectNode object, String finalizer) {
    ObjectMeta meta = ObjectMeta.of(object);
    try {
      client.patch(type, type.namespaced() ? meta.namespace() : null, meta.name(), PatchType.MERGE,
          Finalizers.removal(object, finalizer), null);
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }

  private static String key(ObjectNode object) {
    return object.path("kind").asString("") + "|" + ObjectMeta.of(object).key();
  }

  /** The key of the owner {@code ref} points at, when its kind is watched here. */
  private Optional<String> ownerKey(OwnerReference ref, String namespace) {
    Informer informer = informers.get(ref.kind());
    if (informer == null) {
      return Optional.empty();
    }
    return Optional.of(ref.kind() + "|" + (informer.type().namespaced() ? namespace + "/" + ref.name() : ref.name()));
  }

  private void enqueueOwners(ObjectNode dependent) {
    ObjectMeta meta = ObjectMeta.of(dependent);
    meta.ownerReferences().forEach(ref -> ownerKey(ref, meta.namespace()).ifPresent(queue::add));
  }

  private void enqueueDependentsOf(String uid) {
    dependentsOf(uid).forEach(d -> queue.add(key(d.object())));
  }

  /** Dependents are checked when they appear or change, and their owners when they change or go. */
  private final class DependentHandler implements InformerHandler {
    @Override
    public void onAdd(ObjectNode object) {
      if (!ObjectMeta.of(object).ownerReferences().isEmpty()) {
        queue.add(key(object));
      }
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode current) {
      onAdd(current);
      // an owner waiting in foreground may have just lost a blocking dependent
      if (!Objects.equals(old.path("metadata").path("ownerReferences"), current.path("metadata").path("ownerReferences"))
          || !ObjectMeta.of(old).deletionTimestamp().equals(ObjectMeta.of(current).deletionTimestamp())) {
        enqueueOwners(old);
      }
    }

    @Override
    public void onDelete(ObjectNode last) {
      enqueueOwners(last);
    }
  }

  /** Owners are acted on when marked for deletion, and their dependents checked when they go. */
  private final class OwnerHandler implements InformerHandler {
    @Override
    public void onAdd(ObjectNode object) {
      if (!ObjectMeta.of(object).deletionTimestamp().isEmpty()) {
        queue.add(key(object));
      }
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode current) {
      if (!ObjectMeta.of(current).deletionTimestamp().isEmpty()) {
        queue.add(key(current));
        // dependents of an owner now deleted in foreground must go
        enqueueDependentsOf(ObjectMeta.of(current).uid());
      }
    }

    @Override
    public void onDelete(ObjectNode last) {
      enqueueDependentsOf(ObjectMeta.of(last).uid());
    }
  }
}
