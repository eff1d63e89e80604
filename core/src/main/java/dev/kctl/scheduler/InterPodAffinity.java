package dev.kctl.scheduler;

import dev.kctl.api.ObjectMeta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Required inter-pod affinity and anti-affinity, as kube's InterPodAffinity plugin. Built per pod
 * from the whole cluster (kube does this in PreFilter), it counts pods per topology domain (a
 * value of a node label such as {@code kubernetes.io/hostname}) and then rules out a node when:
 * <ul>
 *   <li>the pod's affinity terms find no matching pod in the node's domain (unless no pod
 *       anywhere matches and the pod matches its own terms: the first of a group that attracts
 *       itself), or the node lacks a term's topology label;
 *   <li>the pod's anti-affinity terms find a matching pod in the node's domain;
 *   <li>a pod already in the node's domain has an anti-affinity term matching this pod.
 * </ul>
 * An affinity mismatch cannot be cured by removing pods; the anti-affinity ones could.
 */
final class InterPodAffinity implements FilterPlugin {
  static final String AFFINITY = "node(s) didn't match pod affinity rules";
  static final String ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
  static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

  /** A topology domain: a node label and its value. */
  private record Domain(String key, String value) {}

  private final PodInfo pod;
  private final Map<Domain, Integer> affinityMatches = new HashMap<>();
  private final Map<Domain, Integer> antiAffinityMatches = new HashMap<>();
  private final Map<Domain, Integer> existingAntiAffinity = new HashMap<>();

  private InterPodAffinity(PodInfo pod, List<NodeInfo> nodes) {
    this.pod = pod;
    for (NodeInfo node : nodes) {
      for (PodInfo existing : node.pods()) {
        if (!pod.requiredAffinity().isEmpty() && pod.requiredAffinity().stream().allMatch(t -> t.matches(existing))) {
          pod.requiredAffinity().forEach(t -> count(affinityMatches, node, t.topologyKey()));
        }
        pod.requiredAntiAffinity().stream().filter(t -> t.matches(existing))
            .forEach(t -> count(antiAffinityMatches, node, t.topologyKey()));
        existing.requiredAntiAffinity().stream().filter(t -> t.matches(pod))
            .forEach(t -> count(existingAntiAffinity, node, t.topologyKey()));
      }
    }
  }

  /** The filter for {@code pod}, given every node with its pods. */
  static InterPodAffinity forPod(PodInfo pod, List<NodeInfo> nodes) {
    return new InterPodAffinity(pod, nodes);
  }

  private static void count(Map<Domain, Integer> counts, NodeInfo node, String topologyKey) {
    String value = node.label(topologyKey);
    if (value != null) {
      counts.merge(new Domain(topologyKey, value), 1, Integer::sum);
    }
  }

  @Override
  public FilterStatus filter(PodInfo candidate, NodeInfo node) {
    if (!satisfiesAffinity(node)) {
      return FilterStatus.unresolvable(AFFINITY);
    }
    for (AffinityTerm term : pod.requiredAntiAffinity()) {
      String value = node.label(term.topologyKey());
      if (value != null && antiAffinityMatches.getOrDefault(new Domain(term.topologyKey(), value), 0) > 0) {
        return FilterStatus.unschedulable(ANTI_AFFINITY);
      }
    }
    if (!existingAntiAffinity.isEmpty()) {
      for (Map.Entry<String, String> label : ObjectMeta.of(node.node()).labels().entrySet()) {
        if (existingAntiAffinity.getOrDefault(new Domain(label.getKey(), label.getValue()), 0) > 0) {
          return FilterStatus.unschedulable(EXISTING_ANTI_AFFINITY);
        }
      }
    }
    return FilterStatus.FITS;
  }

  private boolean satisfiesAffinity(NodeInfo node) {
    boolean podsFound = true;
    for (AffinityTerm term : pod.requiredAffinity()) {
      String value = node.label(term.topologyKey());
      if (value == null) {
        return false;
      }
      if (affinityMatches.getOrDefault(new Domain(term.topologyKey(), value), 0) <= 0) {
        podsFound = false;
      }
    }
    return podsFound || affinityMatches.isEmpty() && pod.requiredAffinity().stream().allMatch(t -> t.matches(pod));
  }
}
