package dev.kctl.controller.garbagecollector;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ObjectMeta.OwnerReference;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deletes objects whose owners are gone (Kubernetes' background cascading deletion): when a
 * Deployment is deleted, its ReplicaSets follow, then their Pods. An object that keeps at least
 * one live owner only loses the references to the dead ones.
 *
 * <p>An owner counts as gone only when its kind is watched here and neither the cache nor a live
 * read finds it with the referenced uid; owners of other kinds are never presumed dead.
 */
public final class GarbageCollector implements Reconciler {
  public static final String NAME = "garbage-collector";

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
    this.informers = informers.stream().collect(java.util.stream.Collectors.toMap(i -> i.type().kind(), i -> i));
    this.dependents = dependentKinds.stream().map(t -> this.informers.get(t.kind())).toList();
    for (Informer informer : dependents) {
      informer.addHandler(new InformerHandler() {
        @Override
        public void onAdd(ObjectNode object) {
          enqueueIfOwned(object);
        }

        @Override
        public void onUpdate(ObjectNode old, ObjectNode current) {
          enqueueIfOwned(current);
        }
      });
    }
    for (Informer informer : informers) {
      informer.addHandler(new InformerHandler() {
        @Override
        public void onDelete(ObjectNode last) {
          enqueueDependentsOf(ObjectMeta.of(last).uid());
        }
      });
    }
  }

  private void enqueueIfOwned(ObjectNode object) {
    if (!ObjectMeta.of(object).ownerReferences().isEmpty()) {
      queue.add(key(object));
    }
  }

  private void enqueueDependentsOf(String uid) {
    for (Informer informer : dependents) {
      for (ObjectNode object : informer.list()) {
        if (ObjectMeta.of(object).ownerReferences().stream().anyMatch(ref -> ref.uid().equals(uid))) {
          queue.add(key(object));
        }
      }
    }
  }

  private static String key(ObjectNode object) {
    return object.path("kind").asString("") + "|" + ObjectMeta.of(object).key();
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
    ObjectMeta meta = ObjectMeta.of(object);
    List<OwnerReference> live = new ArrayList<>();
    for (OwnerReference owner : meta.ownerReferences()) {
      if (!isGone(owner, meta.namespace())) {
        live.add(owner);
      }
    }
    if (live.size() == meta.ownerReferences().size()) {
      return;
    }
    ResourceType type = informer.type();
    String namespace = type.namespaced() ? meta.namespace() : null;
    try {
      if (live.isEmpty()) {
        client.delete(type, namespace, meta.name());
      } else {
        ObjectNode patch = Json.object();
        ArrayNode refs = patch.putObject("metadata").putArray("ownerReferences");
        object.path("metadata").path("ownerReferences").forEach(ref -> {
          if (live.stream().anyMatch(l -> l.uid().equals(ref.path("uid").asString("")))) {
            refs.add(ref.deepCopy());
          }
        });
        client.patch(type, namespace, meta.name(), PatchType.MERGE, patch, null);
      }
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }

  private boolean isGone(OwnerReference owner, String namespace) {
    Informer ownerInformer = informers.get(owner.kind());
    if (ownerInformer == null) {
      return false;
    }
    ResourceType type = ownerInformer.type();
    String ownerKey = type.namespaced() ? namespace + "/" + owner.name() : owner.name();
    if (ownerInformer.get(ownerKey).map(o -> ObjectMeta.of(o).uid().equals(owner.uid())).orElse(false)) {
      return false;
    }
    // The cache may lag behind a just-created owner: confirm with a live read before deleting.
    try {
      ObjectNode live = client.get(type, type.namespaced() ? namespace : null, owner.name());
      return !ObjectMeta.of(live).uid().equals(owner.uid());
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return true;
      }
      throw e;
    }
  }

  /** The kinds collected by default: those the built-in controllers create. */
  public static List<ResourceType> defaultDependentKinds() {
    return List.of(ResourceTypes.REPLICASETS, ResourceTypes.PODS);
  }

  /** The queue the controller loop takes keys from. */
  public WorkQueue queue() {
    return queue;
  }
}
