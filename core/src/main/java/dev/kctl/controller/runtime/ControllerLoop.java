package dev.kctl.controller.runtime;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Informer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a controller: waits until its informers have synced, then runs workers that take keys off
 * the {@link WorkQueue} and hand them to the {@link Reconciler}, retrying failures with the queue's
 * backoff and forgetting the failure count on success. Workers are virtual threads.
 */
public final class ControllerLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerLoop.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final String name;
  private final Reconciler reconciler;
  private final WorkQueue queue;
  private final Thread starter;
  /** Guarded by this: started workers, so close can wait for them. */
  private final List<Thread> workers = new ArrayList<>();
  /** Guarded by this. */
  private boolean closed;

  private ControllerLoop(String name, Reconciler reconciler, WorkQueue queue, int workerCount, List<Informer> informers) {
    this.name = name;
    this.reconciler = reconciler;
    this.queue = queue;
    this.starter = Thread.ofVirtual().name(name + "-start").unstarted(() -> startWhenSynced(informers, workerCount));
  }

  /**
   * Starts {@code name}'s loop; workers begin once every informer in {@code informers} has synced.
   *
   * @param name the component name, e.g. {@code replicaset-controller}, for threads and logs
   */
  public static ControllerLoop start(String name, Reconciler reconciler, WorkQueue queue, int workers, List<Informer> informers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    ControllerLoop loop = new ControllerLoop(name, reconciler, queue, workers, List.copyOf(informers));
    loop.starter.start();
    return loop;
  }

  private void startWhenSynced(List<Informer> informers, int workerCount) {
    try {
      for (Informer informer : informers) {
        while (!informer.awaitSynced(Duration.ofMinutes(1))) {
          log.info("{}: still waiting for the {} cache to sync", name, informer.type().resource());
        }
      }
    } catch (InterruptedException e) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      for (int i = 0; i < workerCount; i++) {
        workers.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::work));
      }
    }
    log.info("{}: caches synced, {} workers started", name, workerCount);
  }

  private void work() {
    try {
      for (String key; (key = queue.take()) != null; queue.done(key)) {
        long started = System.nanoTime();
        try {
          reconciler.reconcile(key);
          queue.forget(key);
          log.debug("{}: reconciled {} in {}ms", name, key, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
          if (isConflict(e)) {
            // routine: the cache was behind the server; the retry reads the newer object
            log.debug("{}: {} changed while reconciling, retrying: {}", name, key, e.getMessage());
          } else {
            log.warn("{}: reconciling {} failed (retry {}), retrying with backoff", name, key, queue.retries(key) + 1, e);
          }
          queue.retryLater(key);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiException api && api.reason() == StatusReason.Conflict) {
        return true;
      }
    }
    return false;
  }

  /** Stops taking keys, closes the queue and waits for running reconciles to finish. */
  @Override
  public void close() {
    List<Thread> running;
    synchronized (this) {
      closed = true;
      running = List.copyOf(workers);
    }
    starter.interrupt();
    queue.close();
    for (Thread t : running) {
      try {
        if (!t.join(CLOSE_WAIT)) {
          log.warn("{}: worker {} still busy after {}", name, t.getName(), CLOSE_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
