package dev.kctl.kletd.pods;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.kletd.runtime.Scheduler;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reports one pod's status to the API when it changed since the last report; a failed report is
 * tried again after {@link #STATUS_RETRY} (with the pod synced anew). Used by the pod's tasks only.
 */
final class StatusReporter {
  private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);
  private static final Duration STATUS_RETRY = Duration.ofSeconds(5);

  private final PodWorker.Context ctx;
  private final PodState state;
  private final TaskQueue tasks;
  private final Runnable sync;
  private final Instant startTime;
  private final PodStatusBuilder builder = new PodStatusBuilder();
  private ObjectNode published;
  private Scheduler.Cancellable statusRetry;

  /** @param sync what a retry runs, on the pod's task queue */
  StatusReporter(PodWorker.Context ctx, PodState state, TaskQueue tasks, Runnable sync) {
    this.ctx = ctx;
    this.state = state;
    this.tasks = tasks;
    this.sync = sync;
    Instant recorded = Timestamps.parse(state.pod.object().path("status").path("startTime").asString(""));
    this.startTime = recorded != null ? recorded : ctx.clock().instant();
  }

  void publish(Instant now) {
    if (state.deleted) {
      return;
    }
    PodView pod = state.pod;
    ObjectNode next = builder.build(pod, state.slots, state.initialized, ctx.settings().address(), startTime, now);
    if (next.equals(published)) {
      return;
    }
    try {
      ctx.api().patchStatus(pod, next);
      published = next;
    } catch (ApiException e) {
      if (e.reason() == StatusReason.NotFound) {
        return;
      }
      retryLater(e);
    } catch (RuntimeException e) {
      retryLater(e);
    }
  }

  /** Drops a pending retry: the pod is gone. */
  void cancel() {
    if (statusRetry != null) {
      statusRetry.cancel();
    }
  }

  private void retryLater(RuntimeException e) {
    log.warn("pod {}: could not report status, retrying in {}: {}", state.pod.key(), STATUS_RETRY, e.getMessage());
    if (statusRetry == null) {
      statusRetry = ctx.scheduler().schedule(STATUS_RETRY, () -> tasks.submit(() -> {
        statusRetry = null;
        sync.run();
      }));
    }
  }
}
