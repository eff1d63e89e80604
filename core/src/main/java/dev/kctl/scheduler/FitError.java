package dev.kctl.scheduler;

import java.util.List;
import java.util.Map;

/**
 * The FailedScheduling message, worded as kube-scheduler's FitError: how many nodes there are,
 * then each reason with the number of nodes it ruled out, as strings in sorted order, e.g.
 * {@code 0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.}
 */
final class FitError {
  static final String NO_NODES = "no nodes available to schedule pods";

  private FitError() {}

  /** @param reasons how many nodes each reason ruled out */
  static String message(int nodeCount, Map<String, Integer> reasons) {
    if (nodeCount == 0) {
      return NO_NODES;
    }
    List<String> counted = reasons.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .sorted()
        .toList();
    return "0/%d nodes are available: %s.".formatted(nodeCount, String.join(", ", counted));
  }
}
