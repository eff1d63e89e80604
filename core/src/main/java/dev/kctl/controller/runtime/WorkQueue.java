package dev.kctl.controller.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The work queue of a controller: keys ({@code namespace/name}) waiting to be reconciled, after
 * client-go's {@code workqueue} (queue.go and the per-item exponential rate limiter).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A key is queued at most once however often it is added (dedup).
 *   <li>A key is never handed to two workers at once: added while a worker has it, it is queued
 *       again when that worker calls {@link #done}, and so runs exactly once more.
 *   <li>{@link #retryLater} re-adds a key after 5ms, doubling per consecutive failure up to
 *       1000s; {@link #forget} (on success) resets the count.
 * </ul>
 * Keys run in the order first added. After {@link #close()}, {@link #take()} returns null and
 * adds are ignored; queued keys are dropped.
 */
public final class WorkQueue implements AutoCloseable {
  static final Duration BASE_DELAY = Duration.ofMillis(5);
  static final Duration MAX_DELAY = Duration.ofSeconds(1000);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  /** Guarded by lock: keys ready to hand out, in order. */
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  /** Guarded by lock: keys that need a run (queued, or re-added while in flight). */
  private final Set<String> dirty = new HashSet<>();
  /** Guarded by lock: keys a worker holds. */
  private final Set<String> processing = new HashSet<>();
  /** Guarded by lock: consecutive failures per key, for the backoff. */
  private final Map<String, Integer> failures = new HashMap<>();
  /** Guarded by lock. */
  private boolean closed;
  private final ScheduledExecutorService delayed;

  /** @param name names the thread that re-adds delayed keys, e.g. {@code replicaset-controller} */
  public WorkQueue(String name) {
    this.delayed = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(name + "-delayed-adds").factory());
  }

  public void add(String key) {
    lock.lock();
    try {
      if (closed || !dirty.add(key)) {
        return;
      }
      if (!processing.contains(key)) {
        queue.addLast(key);
        queued.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Adds {@code key} once {@code delay} has passed (at once when it is zero or negative). */
  public void addAfter(String key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      delayed.schedule(() -> add(key), delay.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
  }

  /** Re-adds {@code key} after its backoff, and counts one more failure for it. */
  public void retryLater(String key) {
    Duration delay;
    lock.lock();
    try {
      int previous = failures.getOrDefault(key, 0);
      failures.put(key, previous + 1);
      delay = backoff(previous);
    } finally {
      lock.unlock();
    }
    addAfter(key, delay);
  }

  /** Clears the failure count of {@code key}: its next retry waits the base delay again. */
  public void forget(String key) {
    lock.lock();
    try {
      failures.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** How many times {@code key} was retried since it was last forgotten. */
  public int retries(String key) {
    lock.lock();
    try {
      return failures.getOrDefault(key, 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next key to work on, waiting for one; null once the queue is closed. The caller must
   * call {@link #done} with it when finished.
   */
  public String take() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty() && !closed) {
        queued.await();
      }
      if (closed) {
        return null;
      }
      String key = queue.removeFirst();
      dirty.remove(key);
      processing.add(key);
      return key;
    } finally {
      lock.unlock();
    }
  }

  /** Marks {@code key} finished; queues it again when it was added meanwhile. */
  public void done(String key) {
    lock.lock();
    try {
      processing.remove(key);
      if (dirty.contains(key) && !closed) {
        queue.addLast(key);
        queued.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Keys waiting to be taken. */
  public int length() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      queued.signalAll();
    } finally {
      lock.unlock();
    }
    delayed.shutdownNow();
  }

  /** The delay before the retry that follows {@code previousFailures} failures: 5ms·2ⁿ, at most 1000s. */
  static Duration backoff(int previousFailures) {
    if (previousFailures >= 30) {
      return MAX_DELAY;
    }
    Duration delay = BASE_DELAY.multipliedBy(1L << previousFailures);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }
}
