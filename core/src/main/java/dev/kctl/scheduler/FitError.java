package dev.kctl.scheduler;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The FailedScheduling message, worded as kube-scheduler's FitError: how many nodes there are,
 * then each reason with the number of nodes it ruled out, as strings in sorted order, then what
 * the preemption attempt found, e.g.
 * {@code 0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption:
 * 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims
 * found for incoming pod..} (the double period is kube's too: the preemption message ends in one
 * and the FitError adds another).
 *
 * <p>kctl does not preempt, and pods carry no priorities, so there is never a lower-priority
 * victim: a node whose rejection preemption could cure gets kube's "no victims" reason, the
 * others its "not helpful" one.
 */
final class FitError {
  static final String NO_NODES = "no nodes available to schedule pods";
  static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
  static final String NO_VICTIMS = "No preemption victims found for incoming pod";
  static final String NEVER = "not eligible due to preemptionPolicy=Never.";

  private FitError() {}

  /**
   * @param failures the verdict that ruled out each node, one per node
   * @param preemptionNever whether the pod's {@code preemptionPolicy} is {@code Never}
   */
  static String message(int nodeCount, List<FilterStatus> failures, boolean preemptionNever) {
    if (nodeCount == 0) {
      return NO_NODES;
    }
    Map<String, Integer> reasons = new TreeMap<>();
    Map<String, Integer> preemption = new TreeMap<>();
    for (FilterStatus failure : failures) {
      List<String> why = switch (failure) {
        case FilterStatus.Fits fits -> List.of();
        case FilterStatus.Unschedulable u -> {
          preemption.merge(NO_VICTIMS, 1, Integer::sum);
          yield u.reasons();
        }
        case FilterStatus.Unresolvable u -> {
          preemption.merge(NOT_HELPFUL, 1, Integer::sum);
          yield u.reasons();
        }
      };
      why.forEach(reason -> reasons.merge(reason, 1, Integer::sum));
    }
    String postFilter = preemptionNever ? NEVER : histogram(nodeCount, preemption) + ".";
    return "%s. preemption: %s.".formatted(histogram(nodeCount, reasons), postFilter);
  }

  /** {@code 0/N nodes are available: } and the counted reasons, sorted as strings. */
  private static String histogram(int nodeCount, Map<String, Integer> reasons) {
    List<String> counted = reasons.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).sorted().toList();
    return "0/%d nodes are available: %s".formatted(nodeCount, String.join(", ", counted));
  }
}
