package dev.kctl.it;

import static dev.kctl.api.ResourceTypes.LEASES;
import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.client.Client;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import dev.kctl.client.ListOptions;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.ControllerLoop;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fake nodes in the test JVM, like kwok: {@code count} Nodes registered Ready with allocatable
 * resources and a Lease renewed every {@code heartbeat}; pods bound to them become Running and
 * Ready as soon as they are seen, and their graceful deletions finish at once (DeleteOptions.NOW),
 * driven by a pod informer, not by polling.
 *
 * <p>Pod annotations steer a pod: {@value #EXIT_CODE} makes it end at once with that exit code
 * (0: Succeeded, else Failed), {@value #NOT_READY} keeps it Running but not Ready. {@link #stop}
 * makes one node go silent: no more heartbeats, pods left as they are.
 */
final class SimulatedNodes implements AutoCloseable {
  static final String EXIT_CODE = "sim.kctl.dev/exit-code";
  static final String NOT_READY = "sim.kctl.dev/not-ready";
  static final String IP = "127.0.0.1";

  private final Client client;
  private final InstantSource clock;
  private final Set<String> alive = ConcurrentHashMap.newKeySet();
  private final List<String> names;
  private final Informer pods;
  private final WorkQueue queue = new WorkQueue("simulated-nodes");
  private final ControllerLoop loop;
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("simulated-heartbeats").factory());

  private SimulatedNodes(Client client, InstantSource clock, String prefix, int count, Duration heartbeat) {
    this.client = client;
    this.clock = clock;
    this.names = IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
    for (String name : names) {
      client.create(NODES, null, node(name));
      client.create(LEASES, "kube-node-lease", lease(name));
      alive.add(name);
    }
    this.pods = new Informer(client, PODS, null, ListOptions.NONE);
    pods.addHandler(new InformerHandler() {
      @Override
      public void onAdd(ObjectNode pod) {
        queue.add(ObjectMeta.of(pod).key());
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode current) {
        queue.add(ObjectMeta.of(current).key());
      }
    });
    pods.start();
    this.loop = ControllerLoop.start("simulated-nodes", new PodRunner(), queue, 4, List.of(pods));
    heartbeats.scheduleAtFixedRate(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Registers {@code prefix1..prefixN} and starts acting for them. */
  static SimulatedNodes start(Client client, InstantSource clock, String prefix, int count, Duration heartbeat) {
    return new SimulatedNodes(client, clock, prefix, count, heartbeat);
  }

  List<String> names() {
    return names;
  }

  /** The node goes silent, as if its machine died: no heartbeats, no pod updates. */
  void stop(String node) {
    alive.remove(node);
  }

  private void heartbeat() {
    String now = Timestamps.microTime(clock.instant());
    for (String name : alive) {
      try {
        ObjectNode patch = Json.object();
        patch.putObject("spec").put("renewTime", now);
        client.patch(LEASES, "kube-node-lease", name, PatchType.MERGE, patch, null);
      } catch (RuntimeException e) {
        // the control plane is going down with the test; the next beat tries again
      }
    }
  }

  private final class PodRunner implements Reconciler {
    @Override
    public void reconcile(String key) {
      Optional<ObjectNode> cached = pods.get(key);
      if (cached.isEmpty() || !alive.contains(cached.get().path("spec").path("nodeName").asString(""))) {
        return;
      }
      ObjectNode pod = cached.get();
      ObjectMeta meta = ObjectMeta.of(pod);
      try {
        if (!meta.deletionTimestamp().isEmpty()) {
          client.delete(PODS, meta.namespace(), meta.name(), DeleteOptions.NOW);
          return;
        }
        String phase = pod.path("status").path("phase").asString("");
        if (phase.equals("Pending") || phase.isEmpty()) {
          client.patch(PODS, meta.namespace(), meta.name(), PatchType.MERGE, status(pod), "status");
        }
      } catch (ApiException e) {
        if (e.reason() != StatusReason.NotFound) {
          throw e;
        }
      }
    }

    private ObjectNode status(ObjectNode pod) {
      ObjectMeta meta = ObjectMeta.of(pod);
      String now = Timestamps.time(clock.instant());
      String exitCode = meta.annotations().get(EXIT_CODE);
      boolean ready = exitCode == null && !meta.annotations().containsKey(NOT_READY);
      ObjectNode patch = Json.object();
      ObjectNode status = patch.putObject("status");
      status.put("phase", exitCode == null ? "Running" : exitCode.equals("0") ? "Succeeded" : "Failed");
      status.put("hostIP", IP);
      status.put("podIP", IP);
      status.putArray("podIPs").addObject().put("ip", IP);
      status.put("startTime", now);
      var conditions = status.putArray("conditions");
      for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")) {
        boolean isTrue = !(type.equals("Ready") || type.equals("ContainersReady")) || ready;
        conditions.addObject().put("type", type).put("status", isTrue ? "True" : "False").put("lastTransitionTime", now);
      }
      var containers = status.putArray("containerStatuses");
      pod.path("spec").path("containers").forEach(c -> {
        ObjectNode cs = containers.addObject();
        cs.put("name", c.path("name").asString(""));
        cs.put("image", c.path("image").asString(""));
        cs.put("ready", ready);
        cs.put("restartCount", 0);
        if (exitCode == null) {
          cs.putObject("state").putObject("running").put("startedAt", now);
        } else {
          cs.putObject("state").putObject("terminated").put("exitCode", Integer.parseInt(exitCode))
              .put("reason", exitCode.equals("0") ? "Completed" : "Error").put("finishedAt", now);
        }
      });
      return patch;
    }
  }

  private ObjectNode node(String name) {
    String now = Timestamps.time(clock.instant());
    return Json.parseObject("""
        {"apiVersion":"v1","kind":"Node",
         "metadata":{"name":"%1$s","labels":{"kubernetes.io/hostname":"%1$s","kubernetes.io/os":"linux","type":"simulated"},
                     "annotations":{"kctl.dev/host-port-range":"22000-22999"}},
         "status":{"capacity":{"cpu":"8","memory":"16Gi","pods":"110"},
                   "allocatable":{"cpu":"8","memory":"16Gi","pods":"110"},
                   "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady",
                                  "message":"simulated node is ready","lastHeartbeatTime":"%2$s","lastTransitionTime":"%2$s"}],
                   "addresses":[{"type":"InternalIP","address":"%3$s"},{"type":"Hostname","address":"%1$s"}]}}
        """.formatted(name, now, IP));
  }

  private ObjectNode lease(String name) {
    return Json.parseObject("""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease",
         "metadata":{"name":"%s","namespace":"kube-node-lease"},
         "spec":{"holderIdentity":"%s","leaseDurationSeconds":40,"renewTime":"%s"}}
        """.formatted(name, name, Timestamps.microTime(clock.instant())));
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    loop.close();
    pods.close();
  }
}
