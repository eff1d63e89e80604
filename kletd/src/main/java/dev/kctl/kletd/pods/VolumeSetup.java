package dev.kctl.kletd.pods;

import dev.kctl.api.ResourceType;
import dev.kctl.kletd.pods.PodApi.EventType;
import dev.kctl.kletd.proxy.ServiceAddress;
import dev.kctl.kletd.runtime.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage side of one pod: its volumes (set up once, with back-off while they fail, and
 * rewritten when their sources change) and its hosts file (rewritten when Service names change).
 * Used by the pod's tasks only, except {@link #serviceNamesChanged()}, which any thread may call.
 */
final class VolumeSetup {
  private static final Logger log = LoggerFactory.getLogger(VolumeSetup.class);

  private final PodWorker.Context ctx;
  private final PodState state;
  private final TaskQueue tasks;
  private final Runnable sync;
  private final PodVolumes volumes;
  /** The pod's hosts file, bind-mounted over /etc/hosts; written with the volumes, none on simulated nodes. */
  private final Path hostsFile;
  private boolean hostsWritten;
  /** Set while a rewrite of the hosts file is queued, so that a burst of Service changes queues one. */
  private final AtomicBoolean hostsPending = new AtomicBoolean();
  /** The pod's volume folders by name, once set up; null before. */
  private Map<String, Path> folders;
  private final BackOff mountBackOff = new BackOff();
  private Scheduler.Cancellable mountRetry;

  /** @param sync what a retry runs, on the pod's task queue */
  VolumeSetup(PodWorker.Context ctx, PodState state, TaskQueue tasks, Runnable sync) {
    this.ctx = ctx;
    this.state = state;
    this.tasks = tasks;
    this.sync = sync;
    this.volumes = new PodVolumes(state.podDir, ctx.settings(), ctx.api(), ctx.clock());
    this.hostsFile = state.podDir.resolve("etc-hosts");
  }

  /** Whether the volumes are set up. */
  boolean ready() {
    return folders != null;
  }

  /** The pod's volume folders on the node by volume name; only once {@link #ready()}. */
  Map<String, Path> folders() {
    return folders;
  }

  /** The hosts file to show over /etc/hosts; empty where none was written. */
  Optional<Path> hostsFile() {
    return hostsWritten ? Optional.of(hostsFile) : Optional.empty();
  }

  /** Materialises the pod's volumes; on failure records FailedMount and tries again with back-off. */
  boolean setUp(Instant now) {
    PodView pod = state.pod;
    try {
      folders = volumes.setUp(pod);
      writeHosts();
      mountBackOff.reset();
      for (String unsupported : volumes.unsupported()) {
        ctx.api().event(pod, EventType.Warning, "FailedMount", unsupported);
      }
      return true;
    } catch (PodVolumes.MountException e) {
      ctx.api().event(pod, EventType.Warning, "FailedMount", e.getMessage());
      Duration delay = mountBackOff.next(now, now);
      log.warn("pod {}: volumes not ready, retrying in {}: {}", pod.key(), delay, e.getMessage());
      if (mountRetry == null) {
        mountRetry = ctx.scheduler().schedule(delay, () -> tasks.submit(() -> {
          mountRetry = null;
          sync.run();
        }));
      }
      return false;
    }
  }

  /** Rewrites the volumes whose content changed, once set up, unless the pod is going away. */
  void refresh() {
    if (folders != null && !state.ending()) {
      refresh(state.pod);
    }
  }

  /** A ConfigMap or Secret changed: rewrites the pod's volumes that show it. */
  void sourceChanged(ResourceType type, String namespace, String name) {
    PodView pod = state.pod;
    if (folders != null && !state.finished && pod.meta().namespace().equals(namespace)
        && PodVolumes.uses(pod, type, name)) {
      refresh(pod);
    }
  }

  /** What a Service name stands for changed: rewrites the pod's hosts file once its volumes are set up. */
  void serviceNamesChanged() {
    if (hostsPending.compareAndSet(false, true)) {
      tasks.submit(() -> {
        hostsPending.set(false);
        if (hostsWritten && !state.finished && !state.deleted) {
          try {
            writeHosts();
          } catch (PodVolumes.MountException e) {
            log.warn("pod {}: {}; it keeps the previous Service names", state.pod.key(), e.getMessage());
          }
        }
      });
    }
  }

  /** Drops a pending retry: the pod is gone. */
  void cancel() {
    if (mountRetry != null) {
      mountRetry.cancel();
    }
  }

  private void refresh(PodView pod) {
    try {
      List<String> changed = volumes.refresh(pod);
      if (!changed.isEmpty()) {
        log.info("pod {}: updated volumes {}", pod.key(), changed);
      }
    } catch (PodVolumes.MountException e) {
      log.warn("pod {}: could not update its volumes: {}", pod.key(), e.getMessage());
      ctx.api().event(pod, EventType.Warning, "FailedMount", e.getMessage());
    }
  }

  /**
   * Writes the hosts file from the Services as the proxy sees them now; nothing where kletd serves
   * no Service names. The file is rewritten in place, so containers already running see the change.
   */
  private void writeHosts() throws PodVolumes.MountException {
    Optional<List<ServiceAddress>> names = ctx.api().serviceNames();
    if (names.isEmpty()) {
      return;
    }
    PodView pod = state.pod;
    try {
      String content = HostsFile.content(Files.readString(HostsFile.NODE_HOSTS), pod, ctx.settings().address(),
          names.get());
      if (HostsFile.write(hostsFile, content)) {
        log.debug("pod {}: wrote {} with {} Services", pod.key(), hostsFile, names.get().size());
      }
      hostsWritten = true;
    } catch (IOException e) {
      throw new PodVolumes.MountException("cannot write the hosts file " + hostsFile + " of pod " + pod.key()
          + " from " + HostsFile.NODE_HOSTS + ": " + e.getMessage());
    }
  }
}
