package dev.kctl.apiserver.table;

import dev.kctl.api.HumanDuration;

import dev.kctl.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES.
 *
 * <p>STATUS is the pod's phase refined by its containers, as kubectl users know it: the reason of
 * the first init container that has not finished ({@code Init:0/2}, {@code Init:CrashLoopBackOff}),
 * else the waiting or terminated reason of the app containers ({@code ContainerCreating},
 * {@code CrashLoopBackOff}, {@code Completed}, {@code ExitCode:1}), and {@code Terminating} once
 * the pod is being deleted. Sidecars (init containers with {@code restartPolicy: Always}) count
 * towards READY and RESTARTS like app containers.
 */
final class PodPrinter implements Printer {
  private static final List<Column> COLUMNS = List.of(
      Column.name("Name of the pod, unique in its namespace."),
      Column.text("Ready", "Ready containers out of all long-running containers."),
      Column.text("Status", "The state of the pod, refined by the state of its containers."),
      Column.text("Restarts", "Container restarts, and how long ago the latest was."),
      Column.age(),
      Column.wide("IP", "The pod's IP address."),
      Column.wide("Node", "The node the pod is bound to."),
      Column.wide("Nominated Node", "The node the scheduler intends for the pod after preemption."),
      Column.wide("Readiness Gates", "Readiness gates whose condition is true, out of all."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(JsonNode pod, Instant now) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    String phase = status.path("phase").asString("");
    String reason = status.path("reason").asString("").isEmpty() ? phase : status.path("reason").asString("");
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asString("").equals("PodScheduled")
          && condition.path("reason").asString("").equals("SchedulingGated")) {
        reason = "SchedulingGated";
      }
    }

    int total = spec.path("containers").size();
    Map<String, JsonNode> initContainers = new HashMap<>();
    for (JsonNode container : spec.path("initContainers")) {
      initContainers.put(container.path("name").asString(""), container);
      if (isSidecar(container)) {
        total++;
      }
    }

    int ready = 0;
    long restarts = 0;
    long sidecarRestarts = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;
    boolean initializing = false;
    JsonNode initStatuses = status.path("initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode container = initStatuses.get(i);
      restarts += container.path("restartCount").asLong(0);
      lastRestart = later(lastRestart, lastFinished(container));
      boolean sidecar = isSidecar(initContainers.get(container.path("name").asString("")));
      if (sidecar) {
        sidecarRestarts += container.path("restartCount").asLong(0);
        lastSidecarRestart = later(lastSidecarRestart, lastFinished(container));
      }
      JsonNode terminated = container.path("state").path("terminated");
      JsonNode waiting = container.path("state").path("waiting");
      if (terminated.isObject() && terminated.path("exitCode").asInt(0) == 0) {
        continue;
      }
      if (sidecar && container.path("started").asBoolean(false)) {
        if (container.path("ready").asBoolean(false)) {
          ready++;
        }
        continue;
      }
      if (terminated.isObject()) {
        reason = "Init:" + terminatedReason(terminated);
      } else if (!waiting.path("reason").asString("").isEmpty()
          && !waiting.path("reason").asString("").equals("PodInitializing")) {
        reason = "Init:" + waiting.path("reason").asString("");
      } else {
        reason = "Init:" + i + "/" + spec.path("initContainers").size();
      }
      initializing = true;
      break;
    }

    if (!initializing || hasCondition(status, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      JsonNode statuses = status.path("containerStatuses");
      // Backwards, so that the first container's reason is the one that sticks.
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode container = statuses.get(i);
        restarts += container.path("restartCount").asLong(0);
        lastRestart = later(lastRestart, lastFinished(container));
        JsonNode state = container.path("state");
        String waitingReason = state.path("waiting").path("reason").asString("");
        JsonNode terminated = state.path("terminated");
        if (!waitingReason.isEmpty()) {
          reason = waitingReason;
        } else if (terminated.isObject()) {
          reason = terminatedReason(terminated);
        } else if (container.path("ready").asBoolean(false) && state.path("running").isObject()) {
          hasRunning = true;
          ready++;
        }
      }
      // A pod whose other containers still run is not "Completed" because one of them is.
      if (reason.equals("Completed") && hasRunning) {
        reason = hasCondition(status, "Ready") ? "Running" : "NotReady";
      }
    }

    boolean deleting = !pod.path("metadata").path("deletionTimestamp").asString("").isEmpty();
    if (deleting && status.path("reason").asString("").equals("NodeLost")) {
      reason = "Unknown";
    } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }

    String restartCell = Long.toString(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartCell = restarts + " (" + HumanDuration.format(Duration.between(lastRestart, now)) + " ago)";
    }

    return List.of(
        pod.path("metadata").path("name").asString(""),
        ready + "/" + total,
        reason,
        restartCell,
        HumanDuration.since(pod.path("metadata").path("creationTimestamp").asString(""), now),
        orNone(podIp(status)),
        orNone(spec.path("nodeName").asString("")),
        orNone(status.path("nominatedNodeName").asString("")),
        readinessGates(spec, status));
  }

  @Override
  public List<ObjectNode> conditions(JsonNode pod) {
    return switch (pod.path("status").path("phase").asString("")) {
      case "Succeeded" -> List.of(completed("Succeeded", "The pod completed successfully."));
      case "Failed" -> List.of(completed("Failed", "The pod failed."));
      default -> List.of();
    };
  }

  private static ObjectNode completed(String reason, String message) {
    ObjectNode condition = Json.object();
    condition.put("type", "Completed");
    condition.put("status", "True");
    condition.put("reason", reason);
    condition.put("message", message);
    return condition;
  }

  private static boolean isSidecar(JsonNode initContainer) {
    return initContainer != null && initContainer.path("restartPolicy").asString("").equals("Always");
  }

  private static String terminatedReason(JsonNode terminated) {
    String reason = terminated.path("reason").asString("");
    if (!reason.isEmpty()) {
      return reason;
    }
    int signal = terminated.path("signal").asInt(0);
    return signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asInt(0);
  }

  private static Instant lastFinished(JsonNode containerStatus) {
    return HumanDuration.parse(
        containerStatus.path("lastState").path("terminated").path("finishedAt").asString(""));
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }

  private static boolean hasCondition(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asString("").equals(type)) {
        return condition.path("status").asString("").equals("True");
      }
    }
    return false;
  }

  /** The first of {@code podIPs}, or {@code podIP} when the list is absent, as v1 converts them. */
  private static String podIp(JsonNode status) {
    JsonNode ips = status.path("podIPs");
    if (ips.size() > 0) {
      return ips.get(0).path("ip").asString("");
    }
    return status.path("podIP").asString("");
  }

  private static String readinessGates(JsonNode spec, JsonNode status) {
    JsonNode gates = spec.path("readinessGates");
    if (gates.isEmpty()) {
      return "<none>";
    }
    int satisfied = 0;
    for (JsonNode gate : gates) {
      String type = gate.path("conditionType").asString("");
      for (JsonNode condition : status.path("conditions")) {
        if (condition.path("type").asString("").equals(type)) {
          if (condition.path("status").asString("").equals("True")) {
            satisfied++;
          }
          break;
        }
      }
    }
    return satisfied + "/" + gates.size();
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }
}
