package dev.kctl.apiserver;

import tools.jackson.databind.JsonNode;

/** A pod's quality-of-service class, from its containers' requests and limits, by Kubernetes' rules. */
final class QosClass {
  private QosClass() {}

  static String of(JsonNode podSpec) {
    boolean any = false;
    boolean guaranteed = true;
    for (JsonNode c : podSpec.path("containers")) {
      JsonNode requests = c.path("resources").path("requests");
      JsonNode limits = c.path("resources").path("limits");
      any |= !requests.isEmpty() || !limits.isEmpty();
      for (String resource : new String[] {"cpu", "memory"}) {
        JsonNode limit = limits.path(resource);
        JsonNode request = requests.path(resource);
        if (limit.isMissingNode() || (!request.isMissingNode() && !request.equals(limit))) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }
}
