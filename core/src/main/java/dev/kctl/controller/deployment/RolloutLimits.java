package dev.kctl.controller.deployment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How many pods a rollout may run above ({@code maxSurge}) and below ({@code maxUnavailable}) the
 * desired replicas, resolved from {@code spec.strategy} as kube's {@code ResolveFenceposts} does:
 * percentages of the replicas, surge rounded up and unavailable rounded down, both 25% by
 * default, unavailable at least 1 when both come out 0. The Recreate strategy and zero replicas
 * allow neither.
 */
record RolloutLimits(int maxSurge, int maxUnavailable) {

  static RolloutLimits of(ObjectNode deployment) {
    JsonNode strategy = deployment.path("spec").path("strategy");
    int replicas = ReplicaSets.specReplicas(deployment);
    if (strategy.path("type").asString("RollingUpdate").equals("Recreate") || replicas == 0) {
      return new RolloutLimits(0, 0);
    }
    JsonNode rolling = strategy.path("rollingUpdate");
    int surge = resolve(rolling.path("maxSurge"), replicas, true);
    int unavailable = resolve(rolling.path("maxUnavailable"), replicas, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new RolloutLimits(surge, unavailable);
  }

  /** An IntOrString: a number, or a percentage of {@code replicas}. */
  private static int resolve(JsonNode value, int replicas, boolean roundUp) {
    if (value.isMissingNode() || value.isNull()) {
      value = tools.jackson.databind.node.JsonNodeFactory.instance.stringNode("25%");
    }
    if (value.isNumber()) {
      return value.asInt();
    }
    String text = value.asString("").trim();
    if (!text.endsWith("%")) {
      return Integer.parseInt(text);
    }
    long percent = Long.parseLong(text.substring(0, text.length() - 1));
    long scaled = percent * replicas;
    return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
  }
}
