package dev.kctl.scheduler;

import java.util.List;

/**
 * Prefers nodes with more CPU and memory left after placing the pod: the free share of each
 * resource, averaged. Pods without requests count as 100m CPU and 200Mi memory here, as in
 * kube-scheduler, so that they still spread out. A resource the node does not report is left out.
 */
final class LeastAllocated implements ScorePlugin {
  static final long DEFAULT_MILLI_CPU = 100;
  static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

  @Override
  public List<Integer> score(PodInfo pod, List<NodeInfo> nodes) {
    return nodes.stream().map(node -> score(pod, node)).toList();
  }

  private static int score(PodInfo pod, NodeInfo node) {
    long cpuUsed = nonZero(node.pods().stream().mapToLong(p -> p.requests().milliCpu()), DEFAULT_MILLI_CPU)
        + orDefault(pod.requests().milliCpu(), DEFAULT_MILLI_CPU);
    long memoryUsed = nonZero(node.pods().stream().mapToLong(p -> p.requests().memory()), DEFAULT_MEMORY)
        + orDefault(pod.requests().memory(), DEFAULT_MEMORY);
    long total = 0;
    int counted = 0;
    for (long[] r : new long[][] {{cpuUsed, node.allocatable().milliCpu()}, {memoryUsed, node.allocatable().memory()}}) {
      if (r[1] > 0) {
        total += Math.max(0, r[1] - r[0]) * MAX_SCORE / r[1];
        counted++;
      }
    }
    return counted == 0 ? 0 : (int) (total / counted);
  }

  private static long nonZero(java.util.stream.LongStream requests, long fallback) {
    return requests.map(r -> orDefault(r, fallback)).sum();
  }

  private static long orDefault(long request, long fallback) {
    return request == 0 ? fallback : request;
  }
}
