package dev.kctl.controller.runtime;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.InformerHandler;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * An informer handler on pods for a controller that creates and deletes them: it maps each pod to
 * the key of its controlling owner of one kind, lowers that owner's {@link Expectations} as pods
 * appear, begin terminating or vanish, and queues the owner. Pods without such an owner are
 * ignored.
 *
 * <p>{@link #of} counts every pod added as a creation; {@link #relistAware} counts a pod that is
 * already terminating when first seen (after a relist) as a deletion instead, and also queues the
 * former owner of a pod whose controller changed.
 */
public final class OwnedPodHandler implements InformerHandler {
  private final String ownerKind;
  private final Expectations expectations;
  private final WorkQueue queue;
  private final boolean relistAware;

  private OwnedPodHandler(String ownerKind, Expectations expectations, WorkQueue queue, boolean relistAware) {
    this.ownerKind = ownerKind;
    this.expectations = expectations;
    this.queue = queue;
    this.relistAware = relistAware;
  }

  /** A handler for owners of {@code ownerKind} that counts every pod added as a creation. */
  public static OwnedPodHandler of(String ownerKind, Expectations expectations, WorkQueue queue) {
    return new OwnedPodHandler(ownerKind, expectations, queue, false);
  }

  /** A handler that also copes with terminating pods seen first after a relist and with owner changes. */
  public static OwnedPodHandler relistAware(String ownerKind, Expectations expectations, WorkQueue queue) {
    return new OwnedPodHandler(ownerKind, expectations, queue, true);
  }

  @Override
  public void onAdd(ObjectNode pod) {
    ControllerRefs.controllerKey(pod, ownerKind).ifPresent(owner -> {
      if (relistAware && !ObjectMeta.of(pod).deletionTimestamp().isEmpty()) {
        expectations.deletionObserved(owner, ObjectMeta.of(pod).key());
      } else {
        expectations.creationObserved(owner);
      }
      queue.add(owner);
    });
  }

  @Override
  public void onUpdate(ObjectNode old, ObjectNode current) {
    Optional<String> owner = ControllerRefs.controllerKey(current, ownerKind);
    owner.ifPresent(o -> {
      if (ObjectMeta.of(old).deletionTimestamp().isEmpty() && !ObjectMeta.of(current).deletionTimestamp().isEmpty()) {
        // a graceful deletion: the pod stops counting now, not when it is finally removed
        expectations.deletionObserved(o, ObjectMeta.of(current).key());
      }
      queue.add(o);
    });
    if (relistAware) {
      ControllerRefs.controllerKey(old, ownerKind).filter(o -> !Optional.of(o).equals(owner)).ifPresent(queue::add);
    }
  }

  @Override
  public void onDelete(ObjectNode last) {
    ControllerRefs.controllerKey(last, ownerKind).ifPresent(owner -> {
      expectations.deletionObserved(owner, ObjectMeta.of(last).key());
      queue.add(owner);
    });
  }
}
