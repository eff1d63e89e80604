package dev.kctl.scheduler;

import java.util.List;

/**
 * A Score extension point: how good each feasible node is for the pod, 0 (worst) to 100 (best),
 * already normalized across the nodes. The scheduler adds the scores of all plugins, each times
 * its {@link #weight()}.
 */
interface ScorePlugin {
  int MAX_SCORE = 100;

  /** One score per node, in the order of {@code nodes}. */
  List<Integer> score(PodInfo pod, List<NodeInfo> nodes);

  /** How much this plugin counts against the others; kube-scheduler's weights are the model. */
  default int weight() {
    return 1;
  }
}
