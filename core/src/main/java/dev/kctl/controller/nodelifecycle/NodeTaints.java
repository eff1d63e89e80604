package dev.kctl.controller.nodelifecycle;

import dev.kctl.api.ObjectMeta;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.Taint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The taints the node lifecycle controller owns, derived from the node's state as kube's
 * {@code doNoScheduleTaintingPass} and {@code doNoExecuteTaintingPass} do:
 * <ul>
 *   <li>Ready False: {@code node.kubernetes.io/not-ready}, NoSchedule and NoExecute;
 *   <li>Ready Unknown: {@code node.kubernetes.io/unreachable}, NoSchedule and NoExecute;
 *   <li>MemoryPressure, DiskPressure, PIDPressure True and NetworkUnavailable True: the matching
 *       {@code node.kubernetes.io/...} taint, NoSchedule;
 *   <li>{@code spec.unschedulable}: {@code node.kubernetes.io/unschedulable}, NoSchedule.
 * </ul>
 * Taints with other keys belong to users and are left alone; a managed taint already present
 * keeps its {@code timeAdded}, which is when its NoExecute tolerations started to run out.
 */
final class NodeTaints {
  private static final Map<String, String> PRESSURE = Map.of(
      "MemoryPressure", "node.kubernetes.io/memory-pressure",
      "DiskPressure", "node.kubernetes.io/disk-pressure",
      "PIDPressure", "node.kubernetes.io/pid-pressure",
      "NetworkUnavailable", "node.kubernetes.io/network-unavailable");
  private static final List<String> MANAGED = managedKeys();

  private NodeTaints() {}

  private static List<String> managedKeys() {
    List<String> keys = new ArrayList<>(List.of(Taint.NOT_READY, Taint.UNREACHABLE, Taint.UNSCHEDULABLE));
    keys.addAll(PRESSURE.values().stream().sorted().toList());
    return List.copyOf(keys);
  }

  /** The managed taints {@code node} should carry now, new ones stamped {@code now}. */
  static List<Taint> desired(ObjectNode node, Instant now) {
    List<Taint> current = Taint.of(node);
    List<Taint> wanted = new ArrayList<>();
    String ready = NodeHealth.readyStatus(node);
    String readiness = switch (ready) {
      case "False" -> Taint.NOT_READY;
      case "Unknown" -> Taint.UNREACHABLE;
      default -> null; // True, or not reported yet: kube leaves such a node alone too
    };
    if (readiness != null) {
      wanted.add(keep(current, readiness, Taint.NO_SCHEDULE, now));
      wanted.add(keep(current, readiness, Taint.NO_EXECUTE, now));
    }
    for (JsonNode c : node.path("status").path("conditions")) {
      String key = PRESSURE.get(c.path("type").asString(""));
      if (key != null && c.path("status").asString("").equals("True")) {
        wanted.add(keep(current, key, Taint.NO_SCHEDULE, now));
      }
    }
    if (node.path("spec").path("unschedulable").asBoolean(false)) {
      wanted.add(keep(current, Taint.UNSCHEDULABLE, Taint.NO_SCHEDULE, now));
    }
    return wanted;
  }

  private static Taint keep(List<Taint> current, String key, String effect, Instant now) {
    Taint fresh = new Taint(key, "", effect, Optional.of(now));
    return current.stream().filter(fresh::sameAs).findFirst().orElse(fresh);
  }

  /** Whether the node's managed taints differ from {@code desired} (ignoring order). */
  static boolean differ(ObjectNode node, List<Taint> desired) {
    List<Taint> managed = Taint.of(node).stream().filter(t -> MANAGED.contains(t.key())).toList();
    return managed.size() != desired.size() || !managed.stream().allMatch(desired::contains);
  }

  /**
   * A merge patch setting {@code spec.taints} to the user's taints plus {@code desired}, with the
   * node's resourceVersion: a list in a merge patch replaces the whole list, so a change made
   * meanwhile must make it fail rather than be lost.
   */
  static ObjectNode patch(ObjectNode node, List<Taint> desired) {
    ObjectNode patch = Json.object();
    patch.putObject("metadata").put("resourceVersion", ObjectMeta.of(node).resourceVersion());
    ObjectNode spec = patch.putObject("spec");
    ArrayNode taints = spec.putArray("taints");
    for (JsonNode t : node.path("spec").path("taints")) {
      if (!MANAGED.contains(t.path("key").asString(""))) {
        taints.add(t.deepCopy());
      }
    }
    desired.forEach(t -> taints.add(t.toJson()));
    if (taints.isEmpty()) {
      spec.putNull("taints");
    }
    return patch;
  }
}
