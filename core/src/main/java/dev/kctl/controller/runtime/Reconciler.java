package dev.kctl.controller.runtime;

/**
 * Brings one object's world to its desired state. Implementations read informer caches, compare
 * desired with actual, act through the API and return. They must be idempotent and level-
 * triggered: correct when run twice, after a restart, or after lost events. Throwing makes the
 * {@link ControllerLoop} retry the key with backoff.
 */
public interface Reconciler {
  /** @param key {@code namespace/name}; an object missing from the cache was deleted */
  void reconcile(String key);
}
