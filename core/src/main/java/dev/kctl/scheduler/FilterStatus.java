package dev.kctl.scheduler;

import java.util.List;

/**
 * The verdict of one filter plugin on one node, with kube-scheduler's distinction between a
 * rejection that evicting other pods could overcome and one it could not: the preemption part of
 * the FailedScheduling message depends on it.
 */
sealed interface FilterStatus {
  FilterStatus FITS = new Fits();

  /** The pod may run on the node, as far as this plugin knows. */
  record Fits() implements FilterStatus {}

  /**
   * The pod cannot run on the node as it is now, but could if some pods left it (kube's
   * {@code Unschedulable}); each reason is counted in the FailedScheduling message, e.g.
   * {@code Insufficient cpu}.
   */
  record Unschedulable(List<String> reasons) implements FilterStatus {
    public Unschedulable {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * The pod cannot run on the node whatever pods leave it (kube's
   * {@code UnschedulableAndUnresolvable}), e.g. an untolerated taint.
   */
  record Unresolvable(List<String> reasons) implements FilterStatus {
    public Unresolvable {
      reasons = List.copyOf(reasons);
    }
  }

  static FilterStatus unschedulable(String reason) {
    return new Unschedulable(List.of(reason));
  }

  static FilterStatus unresolvable(String reason) {
    return new Unresolvable(List.of(reason));
  }
}
