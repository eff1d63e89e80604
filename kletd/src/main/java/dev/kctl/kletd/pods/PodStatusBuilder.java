package dev.kctl.kletd.pods;

import dev.kctl.api.Timestamps;
import dev.kctl.codec.Json;
import dev.kctl.kletd.runtime.ContainerProcess;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a pod's {@code status} from its containers, as the kubelet reports it: phase, IPs,
 * conditions and containerStatuses. Remembers when each condition last changed, so a condition's
 * lastTransitionTime moves only when its status does. Used by one pod worker at a time.
 */
final class PodStatusBuilder {
  private record Condition(String status, Instant since) {}

  private final Map<String, Condition> conditions = new HashMap<>();

  /**
   * @param slots every container of the pod, init containers first
   * @param initialized whether the init containers are done
   */
  ObjectNode build(PodView pod, List<ContainerSlot> slots, boolean initialized, String address, Instant startTime,
      Instant now) {
    List<ContainerSlot> inits = slots.stream().filter(s -> s.init).toList();
    List<ContainerSlot> apps = slots.stream().filter(s -> !s.init).toList();
    ObjectNode status = Json.object();
    status.put("phase", initialized ? phase(pod, apps) : initPhase(pod, inits));
    status.put("hostIP", address);
    status.putArray("hostIPs").addObject().put("ip", address);
    status.put("podIP", address);
    status.putArray("podIPs").addObject().put("ip", address);
    status.put("startTime", Timestamps.time(startTime));
    List<String> unready = apps.stream().filter(s -> !ready(s)).map(s -> s.name).toList();
    List<String> incomplete = inits.stream().filter(s -> !completed(s)).map(s -> s.name).toList();
    ArrayNode conds = status.putArray("conditions");
    condition(conds, "PodReadyToStartContainers", true, "", "", now);
    condition(conds, "Initialized", initialized, "ContainersNotInitialized",
        "containers with incomplete status: [" + String.join(" ", incomplete) + "]", now);
    String message = "containers with unready status: [" + String.join(" ", unready) + "]";
    condition(conds, "Ready", unready.isEmpty(), "ContainersNotReady", message, now);
    condition(conds, "ContainersReady", unready.isEmpty(), "ContainersNotReady", message, now);
    condition(conds, "PodScheduled", true, "", "", now);
    if (!inits.isEmpty()) {
      ArrayNode initStatuses = status.putArray("initContainerStatuses");
      inits.forEach(slot -> initStatuses.add(containerStatus(slot)));
    }
    ArrayNode statuses = status.putArray("containerStatuses");
    apps.forEach(slot -> statuses.add(containerStatus(slot)));
    return status;
  }

  /** While init containers run: Failed once one failed for good (restartPolicy Never), else Pending. */
  static String initPhase(PodView pod, List<ContainerSlot> inits) {
    boolean failed = pod.restartPolicy() == PodView.RestartPolicy.Never && inits.stream()
        .anyMatch(s -> s.process == null && s.last != null && !s.last.exit().succeeded());
    return failed ? "Failed" : "Pending";
  }

  private static boolean completed(ContainerSlot slot) {
    return slot.process == null && slot.last != null && slot.last.exit().succeeded();
  }

  /** Pending until every container has run once; then Running while any runs or will restart. */
  static String phase(PodView pod, List<ContainerSlot> slots) {
    int pending = 0;
    int active = 0;
    int failed = 0;
    for (ContainerSlot slot : slots) {
      if (slot.running()) {
        active++;
      } else if (slot.last == null) {
        pending++;
      } else if (!pod.terminating() && ContainerRunner.restartWanted(pod.restartPolicy(), slot.last.exit())) {
        active++;
      } else if (!slot.last.exit().succeeded()) {
        failed++;
      }
    }
    if (pending > 0) {
      return "Pending";
    }
    if (active > 0) {
      return "Running";
    }
    return failed > 0 ? "Failed" : "Succeeded";
  }

  /** An app container is ready when it runs and its probes say so; an init container once it completed. */
  private static boolean ready(ContainerSlot slot) {
    return slot.init ? completed(slot) : slot.running() && !slot.stopping && !slot.hookRunning && slot.probes.ready();
  }

  private void condition(ArrayNode conds, String type, boolean ok, String reason, String message, Instant now) {
    String value = ok ? "True" : "False";
    Condition previous = conditions.get(type);
    if (previous == null || !previous.status().equals(value)) {
      previous = new Condition(value, now);
      conditions.put(type, previous);
    }
    ObjectNode c = conds.addObject();
    c.put("type", type);
    c.put("status", value);
    c.putNull("lastProbeTime");
    c.put("lastTransitionTime", Timestamps.time(previous.since()));
    if (!ok) {
      c.put("reason", reason);
      c.put("message", message);
    }
  }

  private static ObjectNode containerStatus(ContainerSlot slot) {
    ObjectNode s = Json.object();
    s.put("name", slot.name);
    s.put("image", slot.spec.image());
    s.put("imageID", slot.imageId);
    ContainerProcess process = slot.process;
    boolean running = slot.running();
    if (process != null) {
      s.put("containerID", "process://" + process.pid());
    } else if (slot.last != null) {
      s.put("containerID", "process://" + slot.last.pid());
    }
    s.put("ready", ready(slot));
    s.put("started", running && slot.probes.started());
    s.put("restartCount", slot.restartCount);
    ObjectNode state = s.putObject("state");
    if (running) {
      state.putObject("running").put("startedAt", Timestamps.time(process.startedAt()));
    } else if (slot.waiting != null) {
      ObjectNode waiting = state.putObject("waiting").put("reason", slot.waiting.reason());
      if (!slot.waiting.message().isEmpty()) {
        waiting.put("message", slot.waiting.message());
      }
    } else if (slot.last != null) {
      state.set("terminated", terminated(slot.last));
    }
    ObjectNode lastState = s.putObject("lastState");
    if (slot.last != null && (running || slot.waiting != null)) {
      lastState.set("terminated", terminated(slot.last));
    }
    return s;
  }

  private static ObjectNode terminated(ContainerSlot.Termination t) {
    ObjectNode json = Json.object();
    json.put("exitCode", t.exit().code());
    if (!t.exit().codeKnown()) {
      json.put("reason", "ContainerStatusUnknown");
      json.put("message", "the process was not kletd's child (adopted from an earlier kletd, or it ended"
          + " while no kletd ran), so its exit status is unknown");
    } else {
      json.put("reason", t.exit().oomKilled() ? "OOMKilled" : t.exit().code() == 0 ? "Completed" : "Error");
    }
    json.put("startedAt", Timestamps.time(t.startedAt()));
    json.put("finishedAt", Timestamps.time(t.exit().finishedAt()));
    json.put("containerID", "process://" + t.pid());
    return json;
  }
}
