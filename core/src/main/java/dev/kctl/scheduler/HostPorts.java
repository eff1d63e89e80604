package dev.kctl.scheduler;

/**
 * The host ports the pod asks for explicitly are free on the node. Ports the API server assigns
 * at binding (for container ports without a hostPort) come from the node's range and skip used
 * ones, so only explicit ones can clash.
 */
final class HostPorts implements FilterPlugin {
  static final String IN_USE = "node(s) didn't have free ports for the requested pod ports";

  @Override
  public FilterStatus filter(PodInfo pod, NodeInfo node) {
    for (PodInfo.HostPort wanted : pod.hostPorts()) {
      for (PodInfo other : node.pods()) {
        if (other.hostPorts().stream().anyMatch(wanted::conflictsWith)) {
          return FilterStatus.unschedulable(IN_USE);
        }
      }
    }
    return FilterStatus.FITS;
  }
}
