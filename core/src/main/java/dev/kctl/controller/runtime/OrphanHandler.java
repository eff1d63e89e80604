package dev.kctl.controller.runtime;

import dev.kctl.api.LabelSelector;
import dev.kctl.api.ObjectMeta;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * An informer handler on children (pods, ReplicaSets) that queues the owners which may adopt a
 * child without a controller: those of its namespace whose {@code spec.selector} matches it. It
 * reacts when an orphan appears, when its labels change, and when it loses its controller (a
 * release), so that adoption does not wait for an unrelated resync.
 */
public final class OrphanHandler implements InformerHandler {
  private final Informer owners;
  private final WorkQueue queue;

  /** @param owners informer on the owners (e.g. ReplicaSets) whose keys {@code queue} takes */
  public OrphanHandler(Informer owners, WorkQueue queue) {
    this.owners = owners;
    this.queue = queue;
  }

  @Override
  public void onAdd(ObjectNode child) {
    queueOwners(child);
  }

  @Override
  public void onUpdate(ObjectNode old, ObjectNode current) {
    ObjectMeta before = ObjectMeta.of(old);
    if (before.controller().isPresent() || !Objects.equals(before.labels(), ObjectMeta.of(current).labels())) {
      queueOwners(current);
    }
  }

  private void queueOwners(ObjectNode child) {
    ObjectMeta meta = ObjectMeta.of(child);
    if (meta.controller().isPresent() || !meta.deletionTimestamp().isEmpty()) {
      return;
    }
    for (ObjectNode owner : owners.list()) {
      LabelSelector selector = LabelSelector.fromObject(owner.path("spec").path("selector"));
      // an empty selector would match every orphan; ControllerRefManager adopts nothing with it
      if (ObjectMeta.of(owner).namespace().equals(meta.namespace()) && !selector.isEmpty()
          && ControllerRefManager.isMatchingOrphan(child, selector)) {
        queue.add(ObjectMeta.of(owner).key());
      }
    }
  }
}
