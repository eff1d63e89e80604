package dev.kctl.controller.daemonset;

import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.PodTemplates;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A DaemonSet's pod for one node, as kube builds it: the template, the hash label, a required
 * node affinity on the node's name (replacing any required node affinity of the template), and
 * the tolerations kube adds so that a daemon survives its node's trouble.
 */
final class DaemonPods {
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
    ArrayNode tolerations = spec.has("tolerations") && spec.get("tolerations").isArray()
        ? (ArrayNode) spec.get("tolerations") : spec.putArray("tolerations");
    tolerate(tolerations, "node.kubernetes.io/not-ready", "NoExecute");
    tolerate(tolerations, "node.kubernetes.io/unreachable", "NoExecute");
    tolerate(tolerations, "node.kubernetes.io/unschedulable", "NoSchedule");
    return pod;
  }

  private static void tolerate(ArrayNode tolerations, String key, String effect) {
    for (var t : tolerations) {
      if (t.path("key").asString("").equals(key) && t.path("effect").asString("").equals(effect)) {
        return;
      }
    }
    tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", effect);
  }
}
