package dev.kctl.apiserver;

import dev.kctl.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Fields Kubernetes defines that kctl stores but does not act on: a writer that sets one is told
 * so in a Warning header, rather than believing it took effect. Pods run as plain processes on
 * the node's network, so what isolates or schedules containers beyond that is kept, not enforced.
 */
final class IgnoredFields {
  /** Pod spec fields that change nothing here (paths below a PodSpec). */
  private static final List<String> POD_SPEC = List.of(
      "affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution",
      "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution", "topologySpreadConstraints",
      "securityContext.runAsUser", "securityContext.runAsGroup", "securityContext.fsGroup",
      "securityContext.seccompProfile", "securityContext.seLinuxOptions", "serviceAccountName",
      "priorityClassName", "runtimeClassName", "hostPID", "hostIPC", "dnsConfig", "readinessGates",
      "imagePullSecrets", "overhead", "schedulingGates", "shareProcessNamespace");
  /** Container fields that change nothing here (paths below a Container). */
  private static final List<String> CONTAINER = List.of(
      "securityContext", "stdin", "tty", "volumeDevices", "resizePolicy");

  private IgnoredFields() {}

  /** The paths of {@code object} that are set and kept without effect. */
  static List<String> in(ResourceType type, JsonNode object) {
    List<String> out = new ArrayList<>();
    switch (type.kind()) {
      case "Pod" -> podSpec("spec", object.path("spec"), out);
      case "Deployment", "ReplicaSet", "DaemonSet", "Job" ->
          podSpec("spec.template.spec", object.path("spec").path("template").path("spec"), out);
      default -> { }
    }
    return out;
  }

  private static void podSpec(String prefix, JsonNode spec, List<String> out) {
    for (String path : POD_SPEC) {
      if (isSet(at(spec, path))) {
        out.add(prefix + "." + path);
      }
    }
    for (String list : new String[] {"initContainers", "containers"}) {
      JsonNode containers = spec.path(list);
      for (int i = 0; i < containers.size(); i++) {
        for (String path : CONTAINER) {
          if (isSet(at(containers.get(i), path))) {
            out.add("%s.%s[%d].%s".formatted(prefix, list, i, path));
          }
        }
      }
    }
  }

  private static JsonNode at(JsonNode node, String path) {
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  private static boolean isSet(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (value.isContainer()) {
      return !value.isEmpty();
    }
    return !(value.isBoolean() && !value.asBoolean()) && !value.asString("").isEmpty();
  }
}
