package dev.kctl.scheduler;

import static dev.kctl.api.ResourceTypes.PODS;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.client.Client;
import dev.kctl.client.EventRecorder;
import dev.kctl.client.Informer;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.Reconciler;
import dev.kctl.controller.runtime.WorkQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One scheduling attempt per pod key: filter the nodes, score the feasible ones, bind the pod to
 * the best (ties go to the first by name). A pod that fits nowhere gets a FailedScheduling event
 * and a PodScheduled=False condition, and is tried again after a backoff (1s doubling to 10s)
 * or as soon as a node changes in a way that matters.
 *
 * <p>A pod bound here is "assumed" on its node until the pod informer shows it bound, so that the
 * next pod's resource and port checks count it: the informer may lag behind the binding.
 */
final class SchedulingCycle implements Reconciler {
  static final String NAME = "default-scheduler";
  static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(SchedulingCycle.class);

  private final Client client;
  private final Informer pods;
  private final Informer nodes;
  private final InstantSource clock;
  private final EventRecorder events;
  private final WorkQueue queue;
  private final TaintToleration taints = new TaintToleration();
  private final List<ScorePlugin> scorers = List.of(taints, new LeastAllocated(), new OwnerSpread());
  /** Pods bound by this scheduler that the informer does not show bound yet: pod key to node. */
  private final Map<String, String> assumed = new ConcurrentHashMap<>();
  /** Waiting pods with required pod affinity: another pod's arrival may let them in. */
  private final Set<String> awaitingPods = ConcurrentHashMap.newKeySet();
  /** Pods that fit nowhere, with their consecutive failed attempts. */
  private final Map<String, Integer> unschedulable = new ConcurrentHashMap<>();

  SchedulingCycle(Client client, Informer pods, Informer nodes, WorkQueue queue, InstantSource clock) {
    this.client = client;
    this.pods = pods;
    this.nodes = nodes;
    this.queue = queue;
    this.clock = clock;
    this.events = new EventRecorder(client, NAME, "", clock);
  }

  static boolean needsScheduling(JsonNode pod) {
    String scheduler = pod.path("spec").path("schedulerName").asString("");
    String phase = pod.path("status").path("phase").asString("");
    return pod.path("spec").path("nodeName").asString("").isEmpty()
        && pod.path("metadata").path("deletionTimestamp").asString("").isEmpty()
        && (scheduler.isEmpty() || scheduler.equals(NAME))
        && !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  @Override
  public void reconcile(String key) {
    Optional<ObjectNode> cached = pods.get(key);
    if (cached.isEmpty() || !needsScheduling(cached.get()) || assumed.containsKey(key)) {
      unschedulable.remove(key);
      return;
    }
    PodInfo pod = PodInfo.of(cached.get());
    List<NodeInfo> all = snapshot();
    // kube-scheduler's filter order; a node is ruled out by the first plugin that rejects it
    List<FilterPlugin> filters = List.of(new NodeUnschedulable(), taints, new NodeSelector(), new HostPorts(),
        new NodeResourcesFit(), InterPodAffinity.forPod(pod, all));
    List<FilterStatus> failures = new ArrayList<>();
    List<NodeInfo> feasible = new ArrayList<>();
    for (NodeInfo node : all) {
      FilterStatus verdict = FilterStatus.FITS;
      for (int i = 0; i < filters.size() && verdict instanceof FilterStatus.Fits; i++) {
        verdict = filters.get(i).filter(pod, node);
      }
      switch (verdict) {
        case FilterStatus.Fits fits -> feasible.add(node);
        case FilterStatus.Unschedulable u -> failures.add(u);
        case FilterStatus.Unresolvable u -> failures.add(u);
      }
    }
    if (feasible.isEmpty()) {
      boolean never = cached.get().path("spec").path("preemptionPolicy").asString("").equals("Never");
      failed(pod, FitError.message(all.size(), failures, never));
      return;
    }
    bind(pod, best(pod, feasible));
  }

  private NodeInfo best(PodInfo pod, List<NodeInfo> feasible) {
    int[] totals = new int[feasible.size()];
    for (ScorePlugin scorer : scorers) {
      List<Integer> scores = scorer.score(pod, feasible);
      for (int i = 0; i < totals.length; i++) {
        totals[i] += scores.get(i) * scorer.weight();
      }
    }
    int best = 0;
    for (int i = 1; i < totals.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
      }
    }
    return feasible.get(best);
  }

  private void bind(PodInfo pod, NodeInfo node) {
    ObjectNode binding = Json.object();
    binding.put("apiVersion", "v1");
    binding.put("kind", "Binding");
    binding.putObject("metadata").put("name", pod.meta().name()).put("namespace", pod.meta().namespace());
    binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node.name());
    // assumed before binding, so the informer's "bound" update always finds it to clear
    assumed.put(pod.key(), node.name());
    try {
      client.createSubresource(PODS, pod.meta().namespace(), pod.meta().name(), "binding", binding);
    } catch (ApiException e) {
      assumed.remove(pod.key());
      if (e.reason() == StatusReason.Conflict || e.reason() == StatusReason.NotFound) {
        log.info("{}: pod {} was bound or deleted meanwhile: {}", NAME, pod.key(), e.getMessage());
        return;
      }
      throw new IllegalStateException("cannot bind pod %s to node %s: %s".formatted(pod.key(), node.name(), e.getMessage()), e);
    } catch (RuntimeException e) {
      assumed.remove(pod.key());
      throw e;
    }
    unschedulable.remove(pod.key());
    awaitingPods.remove(pod.key());
    log.info("{}: assigned pod {} to node {}", NAME, pod.key(), node.name());
    events.normal(pod.pod(), "Scheduled", "Successfully assigned %s to %s".formatted(pod.key(), node.name()));
  }

  private void failed(PodInfo pod, String message) {
    int attempts = unschedulable.merge(pod.key(), 1, Integer::sum);
    Duration backoff = backoff(attempts);
    log.info("{}: pod {} is unschedulable, retrying in {}: {}", NAME, pod.key(), backoff, message);
    events.warning(pod.pod(), "FailedScheduling", message);
    markUnschedulable(pod, message);
    if (!pod.requiredAffinity().isEmpty()) {
      awaitingPods.add(pod.key());
    }
    queue.addAfter(pod.key(), backoff);
  }

  /** Sets PodScheduled=False, as kube-scheduler does, so that describe shows why. */
  private void markUnschedulable(PodInfo pod, String message) {
    for (JsonNode c : pod.pod().path("status").path("conditions")) {
      if (c.path("type").asString("").equals("PodScheduled") && c.path("message").asString("").equals(message)) {
        return;
      }
    }
    ObjectNode patch = Json.object();
    ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
    condition.put("type", "PodScheduled");
    condition.put("status", "False");
    condition.putNull("lastProbeTime");
    condition.put("lastTransitionTime", Timestamps.time(clock.instant()));
    condition.put("reason", "Unschedulable");
    condition.put("message", message);
    try {
      client.patch(PODS, pod.meta().namespace(), pod.meta().name(), PatchType.MERGE, patch, "status");
    } catch (RuntimeException e) {
      log.warn("{}: could not set PodScheduled=False on pod {}: {}", NAME, pod.key(), e.getMessage());
    }
  }

  static Duration backoff(int attempts) {
    Duration delay = INITIAL_BACKOFF.multipliedBy(1L << Math.min(attempts - 1, 10));
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  /** Nodes by name, each with its bound pods and the pods assumed on it. */
  private List<NodeInfo> snapshot() {
    Map<String, List<PodInfo>> byNode = new HashMap<>();
    for (ObjectNode p : pods.list()) {
      String node = p.path("spec").path("nodeName").asString("");
      if (node.isEmpty()) {
        node = assumed.getOrDefault(ObjectMeta.of(p).key(), "");
      }
      String phase = p.path("status").path("phase").asString("");
      if (!node.isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed")) {
        byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(PodInfo.of(p));
      }
    }
    return nodes.list().stream()
        .sorted(Comparator.comparing(n -> ObjectMeta.of(n).name()))
        .map(n -> NodeInfo.of(n, byNode.getOrDefault(ObjectMeta.of(n).name(), List.of())))
        .toList();
  }

  /** A pod is bound or gone: it no longer needs a place. */
  void forget(String podKey) {
    assumed.remove(podKey);
    unschedulable.remove(podKey);
    awaitingPods.remove(podKey);
  }

  /** A pod got a node: waiting pods that want to be near such pods may now fit. */
  void retryAwaitingPods() {
    awaitingPods.forEach(queue::add);
  }

  /** Something that may make room changed: try every waiting pod again now. */
  void retryUnschedulable() {
    unschedulable.keySet().forEach(queue::add);
  }
}
