package dev.kctl.controller.job;

import static dev.kctl.api.ResourceTypes.JOBS;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.Informer;
import dev.kctl.controller.runtime.ControllerRefs;
import dev.kctl.controller.runtime.DeletionOrder;
import dev.kctl.controller.runtime.Expectations;
import dev.kctl.controller.runtime.KeyHandler;
import dev.kctl.controller.runtime.OwnedPodHandler;
import dev.kctl.controller.runtime.PodConditions;
import dev.kctl.controller.runtime.PodControl;
import dev.kctl.controller.runtime.PodTemplates;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.StatusWriter;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job controller: runs a Job's pods to {@code spec.completions} successes, at most
 * {@code spec.parallelism} at a time; fails the Job once more than {@code spec.backoffLimit} pods
 * have failed, or once it has been active longer than {@code spec.activeDeadlineSeconds} (its
 * remaining pods are then deleted); reports {@code status} (active, ready, succeeded, failed,
 * startTime, completionTime, the Complete or Failed condition) and deletes a finished Job
 * {@code ttlSecondsAfterFinished} after it finished.
 *
 * <p>Unlike kube, pods are counted as they are found, without tracking finalizers: the counts
 * never go down, but a finished pod deleted before this controller saw it is not counted. Failed
 * pods are replaced after kube's exponential delay ({@link FailureBackoff}), computed from the
 * finished pods still present.
 */
public final class JobController implements Reconciler {
  /** The component name on events and in logs. */
  public static final String NAME = "job-controller";
  private static final Logger log = LoggerFactory.getLogger(JobController.class);

  private final Client client;
  private final Informer jobs;
  private final Informer pods;
  private final InstantSource clock;
  private final EventRecorder events;
  private final Expectations expectations;
  private final PodControl podControl;
  private final WorkQueue queue = new WorkQueue(NAME);

  /** Registers handlers on the informers: build it before starting them. */
  public JobController(Client client, Informer jobs, Informer pods, InstantSource clock) {
    this.client = client;
    this.jobs = jobs;
    this.pods = pods;
    this.clock = clock;
    this.events = new EventRecorder(client, NAME, "", clock);
    this.expectations = new Expectations(clock);
    this.podControl = new PodControl(client, events, expectations, "job");
    jobs.addHandler(new KeyHandler(queue));
    pods.addHandler(OwnedPodHandler.of("Job", expectations, queue));
  }

  public WorkQueue queue() {
    return queue;
  }

  @Override
  public void reconcile(String key) {
    Optional<ObjectNode> cached = jobs.get(key);
    if (cached.isEmpty()) {
      expectations.forget(key);
      return;
    }
    ObjectNode job = cached.get();
    Instant now = clock.instant();
    JobState state = JobState.of(job);
    if (state.finished()) {
      expireIfDue(key, job, now);
      return;
    }
    if (!ObjectMeta.of(job).deletionTimestamp().isEmpty()) {
      return;
    }
    List<ObjectNode> owned = pods.list().stream()
        .filter(p -> ObjectMeta.of(p).namespace().equals(ObjectMeta.of(job).namespace()))
        .filter(p -> ControllerRefs.controlledBy(p, job))
        .toList();
    List<ObjectNode> active = owned.stream().filter(PodConditions::isActive).toList();
    int succeeded = Math.max(state.succeeded(), count(owned, "Succeeded"));
    int failed = Math.max(state.failed(), count(owned, "Failed"));
    Instant started = state.startTime().orElse(now);

    JobStatus status = JobStatus.running(started, active, succeeded, failed);
    Optional<Duration> deadline = state.activeDeadline();
    if (failed > state.backoffLimit()) {
      status = status.failed("BackoffLimitExceeded", "Job has reached the specified backoff limit", now);
    } else if (deadline.isPresent() && !started.plus(deadline.get()).isAfter(now)) {
      status = status.failed("DeadlineExceeded", "Job was active longer than specified deadline", now);
    } else if (succeeded >= state.completions()) {
      status = status.complete(now);
    }

    if (status.finished()) {
      deleteAll(key, job, active);
    } else if (expectations.satisfied(key)) {
      int wanted = Math.min(state.parallelism(), state.completions() - succeeded);
      Duration backoff = FailureBackoff.remaining(owned, now);
      if (active.size() < wanted && backoff.isPositive()) {
        queue.addAfter(key, backoff);
        log.info("{}: job {} waits {} after failed pods before creating more", NAME, key, backoff);
      } else if (active.size() < wanted) {
        podControl.createPods(key, job, wanted - active.size(), i -> PodTemplates.newPod(job, job.path("spec").path("template")));
      } else if (active.size() > wanted) {
        deleteAll(key, job, active.stream().sorted(DeletionOrder.FIRST_TO_DELETE).limit(active.size() - wanted).toList());
      }
      deadline.ifPresent(d -> queue.addAfter(key, Duration.between(now, started.plus(d))));
    }
    StatusWriter.writeUnlessGone(client, JOBS, job, status.toJson(job));
    if (status.finished()) {
      announce(job, status);
      expireIfDue(key, job, now);
    }
  }

  private static int count(List<ObjectNode> pods, String phase) {
    return (int) pods.stream().filter(p -> p.path("status").path("phase").asString("").equals(phase)).count();
  }

  private void announce(ObjectNode job, JobStatus status) {
    if (status.failedReason().isEmpty()) {
      events.normal(job, "Completed", "Job completed");
      log.info("{}: job {} completed", NAME, ObjectMeta.of(job).key());
    } else {
      events.warning(job, status.failedReason(), status.failedMessage());
      log.info("{}: job {} failed: {}", NAME, ObjectMeta.of(job).key(), status.failedMessage());
    }
  }

  /** Deletes a finished Job once its ttlSecondsAfterFinished has passed, else looks again then. */
  private void expireIfDue(String key, ObjectNode job, Instant now) {
    JobState state = JobState.of(job);
    Optional<Instant> expiry = state.expiry();
    if (expiry.isEmpty() || !ObjectMeta.of(job).deletionTimestamp().isEmpty()) {
      return;
    }
    if (expiry.get().isAfter(now)) {
      queue.addAfter(key, Duration.between(now, expiry.get()));
      return;
    }
    ObjectMeta meta = ObjectMeta.of(job);
    try {
      // as kube's ttl-after-finished controller: the pods go first
      client.delete(JOBS, meta.namespace(), meta.name(), new DeleteOptions("Foreground", -1));
      log.info("{}: deleted job {}: finished more than ttlSecondsAfterFinished ago", NAME, meta.key());
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
    }
  }

  private void deleteAll(String key, ObjectNode job, List<ObjectNode> victims) {
    if (victims.isEmpty()) {
      return;
    }
    podControl.deletePods(key, job, victims);
  }
}
