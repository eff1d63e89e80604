package dev.kctl.client;

import tools.jackson.databind.node.ObjectNode;

/**
 * Receives the changes an {@link Informer} sees, in order, from the informer's one thread. The
 * objects are the informer's cached instances, shared with every other handler and reader:
 * {@code deepCopy()} one before changing it. A handler should only compute keys and enqueue
 * them; slow work here delays every other handler of the informer.
 */
public interface InformerHandler {
  default void onAdd(ObjectNode object) {}

  default void onUpdate(ObjectNode old, ObjectNode current) {}

  /** {@code last} is the last state the informer knew, which may be older than the deletion. */
  default void onDelete(ObjectNode last) {}
}
