package dev.kctl.scheduler;

import dev.kctl.api.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * One required pod (anti-)affinity term: pods matching {@code selector} in {@code namespaces}
 * (every namespace when {@code allNamespaces}), counted per value of the node label
 * {@code topologyKey}. Without {@code namespaces} and {@code namespaceSelector} the term covers
 * the pod's own namespace; an empty {@code namespaceSelector} covers all of them. A
 * {@code namespaceSelector} with requirements is not evaluated: only the listed namespaces count.
 * A term without {@code labelSelector} matches no pod, as in Kubernetes.
 */
record AffinityTerm(LabelSelector selector, boolean matchesNothing, Set<String> namespaces, boolean allNamespaces, String topologyKey) {
  AffinityTerm {
    namespaces = Set.copyOf(namespaces);
  }

  /** The {@code requiredDuringSchedulingIgnoredDuringExecution} terms of a podAffinity or podAntiAffinity. */
  static List<AffinityTerm> required(JsonNode affinity, String podNamespace) {
    List<AffinityTerm> terms = new ArrayList<>();
    for (JsonNode t : affinity.path("requiredDuringSchedulingIgnoredDuringExecution")) {
      JsonNode selector = t.path("labelSelector");
      boolean none = selector.isMissingNode() || selector.isNull();
      Set<String> namespaces = new TreeSet<>();
      t.path("namespaces").forEach(n -> namespaces.add(n.asString("")));
      JsonNode nsSelector = t.path("namespaceSelector");
      boolean all = nsSelector.isObject() && nsSelector.path("matchLabels").isEmpty() && nsSelector.path("matchExpressions").isEmpty();
      if (namespaces.isEmpty() && !nsSelector.isObject()) {
        namespaces.add(podNamespace);
      }
      terms.add(new AffinityTerm(none ? LabelSelector.EVERYTHING : LabelSelector.fromObject(selector), none, namespaces, all,
          t.path("topologyKey").asString("")));
    }
    return terms;
  }

  boolean matches(PodInfo pod) {
    return !matchesNothing && (allNamespaces || namespaces.contains(pod.meta().namespace()))
        && selector.matches(pod.meta().labels());
  }
}
