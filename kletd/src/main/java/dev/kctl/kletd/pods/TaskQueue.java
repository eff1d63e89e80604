package dev.kctl.kletd.pods;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of one pod: any thread may submit; they run on the executor one at a time, in the order
 * submitted, so the pod's state needs no lock. A task that throws is logged and the next one runs.
 */
final class TaskQueue {
  private static final Logger log = LoggerFactory.getLogger(TaskQueue.class);

  private final Executor executor;
  private final Supplier<String> podKey;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** Set while one thread runs this pod's tasks; makes the tasks run one at a time, in order. */
  private final AtomicBoolean draining = new AtomicBoolean();

  TaskQueue(Executor executor, Supplier<String> podKey) {
    this.executor = executor;
    this.podKey = podKey;
  }

  void submit(Runnable task) {
    tasks.add(task);
    executor.execute(this::drain);
  }

  private void drain() {
    while (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        for (Runnable task; (task = tasks.poll()) != null; ) {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.error("kletd: pod {} task failed; its state may be stale until the next change", podKey.get(), e);
          }
        }
      } finally {
        draining.set(false);
      }
    }
  }
}
