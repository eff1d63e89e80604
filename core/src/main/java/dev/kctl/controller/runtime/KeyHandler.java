package dev.kctl.controller.runtime;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.InformerHandler;
import tools.jackson.databind.node.ObjectNode;

/**
 * An informer handler that queues the {@code namespace/name} key of every object added, updated
 * or deleted: what a controller registers on the informer of the objects it reconciles. Every
 * change, deletion included, reaches the queue once per event.
 */
public final class KeyHandler implements InformerHandler {
  private final WorkQueue queue;

  public KeyHandler(WorkQueue queue) {
    this.queue = queue;
  }

  @Override
  public void onAdd(ObjectNode object) {
    queue.add(ObjectMeta.of(object).key());
  }

  @Override
  public void onUpdate(ObjectNode old, ObjectNode current) {
    queue.add(ObjectMeta.of(current).key());
  }

  @Override
  public void onDelete(ObjectNode last) {
    queue.add(ObjectMeta.of(last).key());
  }
}
