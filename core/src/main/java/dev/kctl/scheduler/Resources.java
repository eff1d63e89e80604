package dev.kctl.scheduler;

import dev.kctl.api.Quantity;
import tools.jackson.databind.JsonNode;

/**
 * CPU (millicores) and memory (bytes), the resources the scheduler accounts for. {@link #UNKNOWN}
 * (-1) in a node's allocatable means the node does not report that resource.
 */
record Resources(long milliCpu, long memory) {
  static final long UNKNOWN = -1;
  static final Resources NONE = new Resources(0, 0);

  Resources plus(Resources other) {
    return new Resources(milliCpu + other.milliCpu, memory + other.memory);
  }

  /**
   * What a pod requests: the sum over its containers, or the largest init container when that is
   * more, as Kubernetes computes it. A container without requests but with limits requests its
   * limits, as the API server defaults it.
   */
  static Resources requestsOf(JsonNode pod) {
    Resources sum = NONE;
    for (JsonNode c : pod.path("spec").path("containers")) {
      sum = sum.plus(ofContainer(c));
    }
    long cpu = sum.milliCpu;
    long memory = sum.memory;
    for (JsonNode c : pod.path("spec").path("initContainers")) {
      Resources init = ofContainer(c);
      cpu = Math.max(cpu, init.milliCpu);
      memory = Math.max(memory, init.memory);
    }
    return new Resources(cpu, memory);
  }

  private static Resources ofContainer(JsonNode container) {
    JsonNode requests = container.path("resources").path("requests");
    JsonNode limits = container.path("resources").path("limits");
    return new Resources(
        quantity(requests.path("cpu"), limits.path("cpu"), true),
        quantity(requests.path("memory"), limits.path("memory"), false));
  }

  private static long quantity(JsonNode request, JsonNode limit, boolean milli) {
    JsonNode value = request.isMissingNode() || request.isNull() ? limit : request;
    if (value.isMissingNode() || value.isNull()) {
      return 0;
    }
    Quantity q = Quantity.parse(value.asString());
    return milli ? q.milliValue() : q.value();
  }

  /** A node's {@code status.allocatable}, falling back to {@code status.capacity}. */
  static Resources allocatableOf(JsonNode node) {
    JsonNode allocatable = node.path("status").path("allocatable");
    JsonNode capacity = node.path("status").path("capacity");
    return new Resources(nodeQuantity(allocatable.path("cpu"), capacity.path("cpu"), true),
        nodeQuantity(allocatable.path("memory"), capacity.path("memory"), false));
  }

  private static long nodeQuantity(JsonNode allocatable, JsonNode capacity, boolean milli) {
    JsonNode value = allocatable.isMissingNode() ? capacity : allocatable;
    if (value.isMissingNode() || value.isNull()) {
      return UNKNOWN;
    }
    Quantity q = Quantity.parse(value.asString());
    return milli ? q.milliValue() : q.value();
  }
}
