package dev.kctl.scheduler;

import static dev.kctl.api.ResourceTypes.NODES;
import static dev.kctl.api.ResourceTypes.PODS;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.Client;
import dev.kctl.client.Informer;
import dev.kctl.client.InformerHandler;
import dev.kctl.client.ListOptions;
import dev.kctl.controller.runtime.ControllerLoop;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kctld's scheduler ({@code default-scheduler}): assigns each pod without {@code spec.nodeName}
 * (and with no other {@code schedulerName}) to a node, by binding it through the API.
 *
 * <p>The filters, in kube-scheduler's order: the node is not cordoned (unless the pod tolerates
 * it), the pod tolerates its NoSchedule and NoExecute taints (a node whose Ready condition is
 * not True counts as tainted not-ready or unreachable), it matches the pod's
 * {@code nodeSelector} and required node affinity, has the pod's explicit host ports free, room
 * for one more pod and for its CPU and memory requests, and satisfies the required pod affinity
 * and anti-affinity of the pod and of the pods already there. Among the nodes left it prefers
 * those with fewer untolerated PreferNoSchedule taints, the least allocated, and those running
 * fewer pods of the same controller. Pods are scheduled one at a time, driven by watches: a pod
 * that fits nowhere gets a FailedScheduling event worded as kube-scheduler's and is retried with
 * backoff (1s doubling to 10s), and at once when a node is added or changes its readiness,
 * labels, taints, capacity or schedulability, or when a bound pod goes away; pods waiting for
 * required pod affinity are retried whenever a pod gets a node.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final List<Informer> informers;
  private final ControllerLoop loop;

  private Scheduler(List<Informer> informers, ControllerLoop loop) {
    this.informers = informers;
    this.loop = loop;
  }

  /** Starts the informers and the scheduling loop; returns at once. */
  public static Scheduler start(Client client, InstantSource clock) {
    Informer pods = new Informer(client, PODS, null, ListOptions.NONE);
    Informer nodes = new Informer(client, NODES, null, ListOptions.NONE);
    WorkQueue queue = new WorkQueue(SchedulingCycle.NAME);
    SchedulingCycle cycle = new SchedulingCycle(client, pods, nodes, queue, clock);
    pods.addHandler(new PodHandler(cycle, queue));
    nodes.addHandler(new NodeHandler(cycle));
    pods.start();
    nodes.start();
    // one worker: each decision must see the pods the previous one placed
    ControllerLoop loop = ControllerLoop.start(SchedulingCycle.NAME, cycle, queue, 1, List.of(pods, nodes));
    log.info("scheduler started");
    return new Scheduler(List.of(pods, nodes), loop);
  }

  @Override
  public void close() {
    loop.close();
    informers.forEach(Informer::close);
    log.info("scheduler stopped");
  }

  /** Queues pods that need a node; clears the ones that got one or went away. */
  private record PodHandler(SchedulingCycle cycle, WorkQueue queue) implements InformerHandler {
    @Override
    public void onAdd(ObjectNode pod) {
      onUpdate(null, pod);
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode current) {
      String key = ObjectMeta.of(current).key();
      if (SchedulingCycle.needsScheduling(current)) {
        queue.add(key);
      } else {
        cycle.forget(key);
        if (old != null && bound(old).isEmpty() && !bound(current).isEmpty()) {
          cycle.retryAwaitingPods();
        }
        if (old != null && !bound(old).isEmpty() && isActive(old) && !isActive(current)) {
          cycle.retryUnschedulable(); // a finished pod frees its node's resources
        }
      }
    }

    @Override
    public void onDelete(ObjectNode last) {
      cycle.forget(ObjectMeta.of(last).key());
      if (!bound(last).isEmpty()) {
        cycle.retryUnschedulable();
      }
    }

    private static String bound(JsonNode pod) {
      return pod.path("spec").path("nodeName").asString("");
    }

    private static boolean isActive(JsonNode pod) {
      String phase = pod.path("status").path("phase").asString("");
      return !phase.equals("Succeeded") && !phase.equals("Failed");
    }
  }

  /** Retries waiting pods when a node appears or changes in a way that can make room. */
  private record NodeHandler(SchedulingCycle cycle) implements InformerHandler {
    @Override
    public void onAdd(ObjectNode node) {
      cycle.retryUnschedulable();
    }

    @Override
    public void onUpdate(ObjectNode old, ObjectNode current) {
      // heartbeats change only timestamps; retrying on each would flood the events
      if (!Objects.equals(relevant(old), relevant(current))) {
        cycle.retryUnschedulable();
      }
    }

    private static List<Object> relevant(JsonNode node) {
      String ready = "";
      for (JsonNode c : node.path("status").path("conditions")) {
        if (c.path("type").asString("").equals("Ready")) {
          ready = c.path("status").asString("");
        }
      }
      return List.of(node.path("metadata").path("labels"), node.path("spec").path("unschedulable"), node.path("spec").path("taints"),
          node.path("status").path("allocatable"), node.path("status").path("capacity"), ready);
    }
  }
}
