package dev.kctl.scheduler;

import tools.jackson.databind.JsonNode;

/**
 * Only Ready, schedulable nodes. Kubernetes expresses readiness as the taints the node lifecycle
 * controller sets; there are no taints here yet, so this filter reads the Ready condition and
 * words its reasons as those taints would.
 */
final class NodeReady implements FilterPlugin {
  static final String UNSCHEDULABLE = "node(s) were unschedulable";
  static final String NOT_READY = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
  static final String UNREACHABLE = "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";

  @Override
  public FilterStatus filter(PodInfo pod, NodeInfo node) {
    if (node.node().path("spec").path("unschedulable").asBoolean(false)) {
      return FilterStatus.unschedulable(UNSCHEDULABLE);
    }
    String ready = "";
    for (JsonNode c : node.node().path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Ready")) {
        ready = c.path("status").asString("");
      }
    }
    return switch (ready) {
      case "True" -> FilterStatus.FITS;
      case "Unknown" -> FilterStatus.unschedulable(UNREACHABLE);
      default -> FilterStatus.unschedulable(NOT_READY);
    };
  }
}
