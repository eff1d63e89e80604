package dev.kctl.scheduler;

import java.util.List;

/** The verdict of one filter plugin on one node. */
sealed interface FilterStatus {
  FilterStatus FITS = new Fits();

  /** The pod may run on the node, as far as this plugin knows. */
  record Fits() implements FilterStatus {}

  /**
   * The pod cannot run on the node; each reason is counted in the FailedScheduling message, e.g.
   * {@code Insufficient cpu}.
   */
  record Unschedulable(List<String> reasons) implements FilterStatus {
    public Unschedulable {
      reasons = List.copyOf(reasons);
    }
  }

  static FilterStatus unschedulable(String reason) {
    return new Unschedulable(List.of(reason));
  }
}
