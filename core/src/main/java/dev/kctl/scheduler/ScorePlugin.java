package dev.kctl.scheduler;

import java.util.List;

/**
 * A Score extension point: how good each feasible node is for the pod, 0 (worst) to 100 (best),
 * already normalized across the nodes. The scheduler adds the scores of all plugins.
 */
interface ScorePlugin {
  int MAX_SCORE = 100;

  /** One score per node, in the order of {@code nodes}. */
  List<Integer> score(PodInfo pod, List<NodeInfo> nodes);
}
