package dev.kctl.store;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: a virtual thread that replays {@link History} from its own position up to the
 * published revision, hands events for its prefix to the listener, and parks until the next commit
 * wakes it (or, when asked for {@link WatchProgress} notices, until the next one is due). Writers
 * only unpark it, so a slow listener delays nobody but itself.
 */
final class Watcher implements StoreWatch {
  private static final Logger log = LoggerFactory.getLogger(Watcher.class);

  private final String prefix;
  private final Consumer<StoreEvent> listener;
  /** Null when the watch was not asked for progress notices. */
  private final WatchProgress progress;
  private final History history;
  private final LongSupplier publishedRevision;
  private final Consumer<Watcher> onEnd;
  private final Thread thread;
  /** Set by {@link #close()}: stop without a final event. */
  private volatile boolean stopped;
  /** Set by {@link #storeClosed()}: stop with a final Failed event. */
  private volatile boolean storeClosed;
  /** The last revision handed on (or skipped as outside the prefix); only the watch thread uses it. */
  private long position;
  /** {@link System#nanoTime()} when the next progress notice is due; only the watch thread uses it. */
  private long progressDue;

  Watcher(String prefix, long afterRevision, Consumer<StoreEvent> listener, WatchProgress progress,
      History history, LongSupplier publishedRevision, Consumer<Watcher> onEnd) {
    this.prefix = prefix;
    this.position = afterRevision;
    this.listener = listener;
    this.progress = progress;
    this.history = history;
    this.publishedRevision = publishedRevision;
    this.onEnd = onEnd;
    this.thread = Thread.ofVirtual().name("kctl-store-watch " + prefix).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Called after each commit. */
  void wake() {
    LockSupport.unpark(thread);
  }

  void storeClosed() {
    storeClosed = true;
    LockSupport.unpark(thread);
  }

  @Override
  public void close() {
    stopped = true;
    LockSupport.unpark(thread);
  }

  private boolean running() {
    return !stopped && !storeClosed;
  }

  private void run() {
    if (progress != null) {
      progressDue = System.nanoTime() + progress.interval().toNanos();
    }
    try {
      while (running()) {
        long head = publishedRevision.getAsLong();
        if (position >= head) {
          // An unpark between reading head and parking is not lost: park returns at once.
          if (progress == null) {
            LockSupport.park(this);
          } else if (!reportProgressIfDue()) {
            LockSupport.parkNanos(this, progressDue - System.nanoTime());
          }
          continue;
        }
        for (StoreEvent event : history.read(position + 1, head)) {
          if (!running()) {
            break;
          }
          if (key(event).startsWith(prefix)) {
            deliver(event);
          }
          position = event.revision();
        }
        // Also while busy: a watcher that never catches up still gets its notices.
        if (progress != null && running()) {
          reportProgressIfDue();
        }
      }
      if (storeClosed && !stopped) {
        deliver(new StoreEvent.Failed(position, new StoreException.Unavailable(
            "the store closed; the watch of prefix %s ended after revision %d".formatted(prefix, position), null)));
      }
    } catch (StoreException e) {
      if (!stopped) {
        log.info("watch of prefix {} ended after revision {}: {}", prefix, position, e.getMessage());
        deliver(new StoreEvent.Failed(position, e));
      }
    } catch (RuntimeException e) {
      log.error("watch of prefix {} failed after revision {}", prefix, position, e);
      if (!stopped) {
        deliver(new StoreEvent.Failed(position, new StoreException.Unavailable(
            "the watch of prefix %s failed after revision %d: %s".formatted(prefix, position, e.getMessage()), e)));
      }
    } finally {
      onEnd.accept(this);
    }
  }

  /** Sends a progress notice at {@link #position} when one is due; true if it did. */
  private boolean reportProgressIfDue() {
    long now = System.nanoTime();
    if (now - progressDue < 0) {
      return false;
    }
    progressDue = now + progress.interval().toNanos();
    try {
      progress.listener().accept(position);
    } catch (RuntimeException e) {
      log.warn("progress listener of the store watch of prefix {} failed at revision {}; the watch goes on",
          prefix, position, e);
    }
    return true;
  }

  private void deliver(StoreEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      log.warn("store watch listener for prefix {} failed on revision {}; the watch goes on", prefix, event.revision(), e);
    }
  }

  private static String key(StoreEvent event) {
    return switch (event) {
      case StoreEvent.Put put -> put.current().key();
      case StoreEvent.Delete delete -> delete.previous().key();
      case StoreEvent.Failed failed -> throw new IllegalArgumentException("history never holds " + failed);
    };
  }
}
