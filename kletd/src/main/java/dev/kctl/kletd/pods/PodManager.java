package dev.kctl.kletd.pods;

import dev.kctl.api.ResourceType;
import dev.kctl.client.Client;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.InformerHandler;
import dev.kctl.kletd.image.ImageResolver;
import dev.kctl.kletd.logs.ContainerLog;
import dev.kctl.kletd.logs.LogSource;
import dev.kctl.kletd.probe.Target;
import dev.kctl.kletd.probe.ActionRunner;
import dev.kctl.kletd.probe.Actions;
import dev.kctl.kletd.proxy.ServiceProxy;
import dev.kctl.kletd.runtime.ContainerRuntime;
import dev.kctl.kletd.runtime.Scheduler;
import dev.kctl.kletd.runtime.Exit;
import dev.kctl.kletd.runtime.Recorded;
import dev.kctl.kletd.stats.RunningContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the pods bound to this node. Feed it the changes of an informer on pods with
 * {@code spec.nodeName=<node>}: each pod gets a worker that starts its containers, restarts them by
 * the restart policy with the kubelet's back-off, stops them when the pod is deleted, and reports
 * the pod's status and events. Pods bound to another node are ignored.
 *
 * <p>Containers that an earlier kletd started and that still run are adopted, not started again.
 * Handler calls return quickly; the work runs on {@code executor}, one task at a time per pod.
 */
public final class PodManager implements InformerHandler, LogSource {
  private static final Logger log = LoggerFactory.getLogger(PodManager.class);
  /** The grace period of containers whose pod is gone, so whose own grace period is unknown. */
  private static final Duration ORPHAN_GRACE = Duration.ofSeconds(30);

  private final PodWorker.Context ctx;
  /** Workers by pod uid. */
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  /** Pod uid by {@code namespace/name}, for the log endpoint. */
  private final Map<String, String> uids = new ConcurrentHashMap<>();

  /**
   * @param images resolves the pods' images
   * @param checkHostPorts whether to bind-test each hostPort before starting a container (off for
   *     simulated nodes, which share one address)
   * @param executor runs the pods' work; virtual threads in kletd
   */
  public PodManager(PodSettings settings, Client client, ImageResolver images, ContainerRuntime runtime,
      boolean checkHostPorts, InstantSource clock, Scheduler scheduler, Executor executor) {
    this(settings, client, Optional.empty(), images, runtime, checkHostPorts, clock, scheduler, executor);
  }

  /**
   * @param proxy the node's service proxy: the Services for containers' service variables and, when
   *     present, the names for each pod's hosts file, rewritten as they change; empty for none
   */
  public PodManager(PodSettings settings, Client client, Optional<ServiceProxy> proxy,
      ImageResolver images, ContainerRuntime runtime, boolean checkHostPorts, InstantSource clock,
      Scheduler scheduler, Executor executor) {
    this(settings, new ClientPodApi(client, new EventRecorder(client, "kubelet", settings.nodeName(), clock),
        proxy),
        images, runtime, checkHostPorts ? PortProbe.BIND : PortProbe.NONE, new Actions(), clock, scheduler, executor);
    proxy.ifPresent(p -> p.onNamesChanged(this::serviceNamesChanged));
  }

  PodManager(PodSettings settings, PodApi api, ImageResolver images, ContainerRuntime runtime, PortProbe ports,
      ActionRunner actions, InstantSource clock, Scheduler scheduler, Executor executor) {
    ContainerStarter starter = new ContainerStarter(settings, images, runtime, ports, api);
    this.ctx = new PodWorker.Context(settings, starter, images, runtime, api, actions, clock, scheduler, executor);
  }

  @Override
  public void onAdd(ObjectNode object) {
    PodView pod = PodView.of(object);
    if (!pod.nodeName().equals(ctx.settings().nodeName())) {
      return;
    }
    String uid = pod.meta().uid();
    PodWorker worker = workers.computeIfAbsent(uid, u -> new PodWorker(ctx, pod, () -> forget(pod)));
    uids.put(pod.key(), uid);
    worker.update(pod);
  }

  @Override
  public void onUpdate(ObjectNode old, ObjectNode current) {
    String oldUid = old.path("metadata").path("uid").asString("");
    if (!oldUid.equals(current.path("metadata").path("uid").asString(""))) {
      // Deleted and created again under the same name while the watch was down.
      onDelete(old);
    }
    onAdd(current);
  }

  @Override
  public void onDelete(ObjectNode last) {
    PodView pod = PodView.of(last);
    PodWorker worker = workers.get(pod.meta().uid());
    if (worker != null) {
      worker.delete(pod);
    }
  }

  @Override
  public Optional<ContainerLog> find(String namespace, String pod, String container) {
    String uid = uids.get(namespace + "/" + pod);
    PodWorker worker = uid == null ? null : workers.get(uid);
    return worker == null ? Optional.empty() : worker.log(container);
  }

  /** Where a command run in a container of a pod of this node acts; empty unless it runs. */
  public Optional<Target> execTarget(String namespace, String pod, String container) {
    String uid = uids.get(namespace + "/" + pod);
    PodWorker worker = uid == null ? null : workers.get(uid);
    return worker == null ? Optional.empty() : worker.execTarget(container);
  }

  /**
   * Stops the containers of pods that are no longer bound here (deleted while no kletd ran) and
   * removes their folders. Call it once the informer has synced, so that every pod still bound has
   * its worker.
   */
  public void removeOrphans() {
    List<Path> folders;
    try (Stream<Path> list = Files.list(ctx.settings().podsDir())) {
      folders = list.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      log.warn("kletd: cannot look for pods left from an earlier run in {}: {}", ctx.settings().podsDir(),
          e.getMessage());
      return;
    }
    for (Path folder : folders) {
      String name = folder.getFileName().toString();
      if (!workers.containsKey(name.substring(name.lastIndexOf('_') + 1))) {
        ctx.executor().execute(() -> removeOrphan(folder));
      }
    }
  }

  private void removeOrphan(Path folder) {
    List<CompletableFuture<Exit>> stopping = new ArrayList<>();
    try (Stream<Path> containers = Files.list(folder)) {
      for (Path container : containers.filter(Files::isDirectory).toList()) {
        if (ctx.runtime().recall(container).orElse(null) instanceof Recorded.Running running) {
          log.info("kletd: pod folder {} belongs to no pod bound here; stopping its container {} (pid {})",
              folder.getFileName(), container.getFileName(), running.process().pid());
          stopping.add(ctx.runtime().stop(running.process(), ORPHAN_GRACE));
        }
      }
    } catch (IOException e) {
      log.warn("kletd: cannot read {}: {}", folder, e.getMessage());
      return;
    }
    CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
      try {
        Folders.deleteTree(folder);
      } catch (IOException e) {
        log.warn("kletd: could not remove {}: {}", folder, e.getMessage());
      }
    });
  }

  /**
   * A ConfigMap or Secret was added, changed or deleted: the pods whose volumes show it rewrite
   * them. Feed it the changes of informers on configmaps and secrets.
   */
  public InformerHandler sourceHandler(ResourceType type) {
    return new InformerHandler() {
      @Override
      public void onAdd(ObjectNode object) {
        changed(object);
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode current) {
        if (!old.path("data").equals(current.path("data"))
            || !old.path("binaryData").equals(current.path("binaryData"))) {
          changed(current);
        }
      }

      @Override
      public void onDelete(ObjectNode last) {
        changed(last);
      }

      private void changed(ObjectNode object) {
        String namespace = object.path("metadata").path("namespace").asString("");
        String name = object.path("metadata").path("name").asString("");
        workers.values().forEach(w -> w.sourceChanged(type, namespace, name));
      }
    };
  }

  /** What a Service name stands for changed: every pod rewrites its hosts file. */
  void serviceNamesChanged() {
    workers.values().forEach(PodWorker::serviceNamesChanged);
  }

  /** The containers of this node's pods whose processes run now. */
  public List<RunningContainer> running() {
    return workers.values().stream().flatMap(w -> w.running().stream()).toList();
  }

  /** The number of pods with a worker, including those still stopping. */
  public int size() {
    return workers.size();
  }

  private void forget(PodView pod) {
    workers.remove(pod.meta().uid());
    uids.remove(pod.key(), pod.meta().uid());
  }
}
