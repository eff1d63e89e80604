package dev.kctl.controller.daemonset;

import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.PodTemplates;
import dev.kctl.controller.runtime.Toleration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A DaemonSet's pod for one node, as kube builds it: the template, the hash label, a required
 * node affinity on the node's name (replacing any required node affinity of the template), and
 * the tolerations kube adds so that a daemon survives its node's trouble: not-ready and
 * unreachable (NoExecute, for ever), disk, memory and PID pressure and unschedulable
 * (NoSchedule), and network-unavailable (NoSchedule) for a pod on the host network.
 */
final class DaemonPods {
  private record Default(String key, String effect) {}

  private static final List<Default> DEFAULTS = List.of(
      new Default("node.kubernetes.io/not-ready", "NoExecute"),
      new Default("node.kubernetes.io/unreachable", "NoExecute"),
      new Default("node.kubernetes.io/disk-pressure", "NoSchedule"),
      new Default("node.kubernetes.io/memory-pressure", "NoSchedule"),
      new Default("node.kubernetes.io/pid-pressure", "NoSchedule"),
      new Default("node.kubernetes.io/unschedulable", "NoSchedule"));
  private static final Default NETWORK_UNAVAILABLE = new Default("node.kubernetes.io/network-unavailable", "NoSchedule");

  private DaemonPods() {}

  static ObjectNode forNode(ObjectNode ds, String hash, String node) {
    ObjectNode pod = PodTemplates.newPod(ds, ds.path("spec").path("template"));
    ((ObjectNode) pod.path("metadata")).withObjectProperty("labels").put(DaemonSetController.HASH_LABEL, hash);
    ObjectNode spec = (ObjectNode) pod.path("spec");
    ObjectNode field = Json.object().put("key", "metadata.name").put("operator", "In");
    field.putArray("values").add(node);
    ObjectNode term = Json.object();
    term.putArray("matchFields").add(field);
    spec.withObjectProperty("affinity").withObjectProperty("nodeAffinity")
        .withObjectProperty("requiredDuringSchedulingIgnoredDuringExecution")
        .putArray("nodeSelectorTerms").add(term);
    addDefaultTolerations(spec);
    return pod;
  }

  /** The tolerations of {@code ds}'s pods: the template's and the defaults. */
  static List<Toleration> tolerations(ObjectNode ds) {
    JsonNode template = ds.path("spec").path("template").path("spec");
    ObjectNode pod = Json.object();
    ObjectNode spec = pod.putObject("spec");
    if (template.path("tolerations").isArray()) {
      spec.set("tolerations", template.get("tolerations").deepCopy());
    }
    spec.put("hostNetwork", template.path("hostNetwork").asBoolean(false));
    addDefaultTolerations(spec);
    return Toleration.of(pod);
  }

  private static void addDefaultTolerations(ObjectNode spec) {
    ArrayNode tolerations = spec.has("tolerations") && spec.get("tolerations").isArray()
        ? (ArrayNode) spec.get("tolerations") : spec.putArray("tolerations");
    DEFAULTS.forEach(d -> tolerate(tolerations, d));
    if (spec.path("hostNetwork").asBoolean(false)) {
      tolerate(tolerations, NETWORK_UNAVAILABLE);
    }
  }

  private static void tolerate(ArrayNode tolerations, Default wanted) {
    for (JsonNode t : tolerations) {
      if (t.path("key").asString("").equals(wanted.key()) && t.path("effect").asString("").equals(wanted.effect())) {
        return;
      }
    }
    tolerations.addObject().put("key", wanted.key()).put("operator", "Exists").put("effect", wanted.effect());
  }
}
