package dev.kctl.controller.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller expects its informers to see next, per controller key, after kube's
 * {@code ControllerExpectations} and {@code UIDTrackingControllerExpectations}
 * (pkg/controller/controller_utils.go; here deletions are tracked by pod key instead of UID).
 *
 * <p>Why: right after a controller creates pods, its pod cache does not show them yet; acting on
 * that stale cache would create them again. So the controller records what it is about to do,
 * the informer handlers lower the record as the children appear or vanish, and the controller
 * skips creating and deleting while {@link #satisfied} is false. A record older than five minutes
 * counts as satisfied, so a lost event cannot stall a controller for ever.
 */
public final class Expectations {
  /** How long a record holds before it counts as satisfied anyway, as in Kubernetes. */
  public static final Duration TTL = Duration.ofMinutes(5);

  private record Entry(int adds, Set<String> deletes, Instant recorded) {
    Entry {
      deletes = Set.copyOf(deletes);
    }
  }

  private final InstantSource clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public Expectations(InstantSource clock) {
    this.clock = clock;
  }

  /** Records that {@code count} children of {@code key} are about to be created. */
  public void expectCreations(String key, int count) {
    entries.put(key, new Entry(count, Set.of(), clock.instant()));
  }

  /** Records that these children ({@code namespace/name}) of {@code key} are about to be deleted. */
  public void expectDeletions(String key, Collection<String> childKeys) {
    entries.put(key, new Entry(0, Set.copyOf(childKeys), clock.instant()));
  }

  /** The informer saw a new child of {@code key}, or a create failed and will not be seen. */
  public void creationObserved(String key) {
    entries.computeIfPresent(key, (k, e) -> new Entry(e.adds() - 1, e.deletes(), e.recorded()));
  }

  /**
   * The informer saw the child {@code childKey} of {@code key} go (or begin terminating), or its
   * delete failed. Observing the same child twice counts once.
   */
  public void deletionObserved(String key, String childKey) {
    entries.computeIfPresent(key, (k, e) -> {
      if (!e.deletes().contains(childKey)) {
        return e;
      }
      Set<String> rest = new HashSet<>(e.deletes());
      rest.remove(childKey);
      return new Entry(e.adds(), rest, e.recorded());
    });
  }

  /** Whether {@code key} may create or delete children: nothing pending, or the record expired. */
  public boolean satisfied(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return true;
    }
    boolean fulfilled = e.adds() <= 0 && e.deletes().isEmpty();
    boolean expired = Duration.between(e.recorded(), clock.instant()).compareTo(TTL) > 0;
    return fulfilled || expired;
  }

  /** Drops the record of {@code key}, whose object was deleted. */
  public void forget(String key) {
    entries.remove(key);
  }
}
