package dev.kctl.controller.daemonset;

import dev.kctl.api.ObjectMeta;
import dev.kctl.controller.runtime.Taint;
import dev.kctl.controller.runtime.Toleration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Which nodes a DaemonSet runs on, and which node a pod of it is meant for. */
final class Nodes {
  private Nodes() {}

  /** Where a daemon pod belongs, after kube's {@code nodeShouldRunDaemonPod}. */
  enum Fit {
    /** The node should run a daemon pod: one is created when missing. */
    RUN,
    /**
     * The node takes no new daemon pod (it has a NoSchedule taint the pod does not tolerate) but
     * one already there may stay; it counts as misscheduled.
     */
    KEEP,
    /** A daemon pod there is deleted: the node does not match, or evicts it by a NoExecute taint. */
    NONE
  }

  /**
   * Where {@code ds}'s pod belongs on {@code node}, for a pod with {@code tolerations} (the
   * template's and the DaemonSet defaults, see {@link DaemonPods#tolerations}). Readiness and
   * cordoning matter only through the taints they bring: a daemon tolerates both.
   */
  static Fit fit(ObjectNode node, ObjectNode ds, List<Toleration> tolerations) {
    String pinned = ds.path("spec").path("template").path("spec").path("nodeName").asString("");
    if ((!pinned.isEmpty() && !pinned.equals(ObjectMeta.of(node).name())) || !matchesSelector(node, ds)) {
      return Fit.NONE;
    }
    List<Taint> taints = Taint.of(node);
    if (Toleration.firstUntolerated(taints, tolerations, t -> t.effect().equals(Taint.NO_EXECUTE)).isPresent()) {
      return Fit.NONE;
    }
    if (Toleration.firstUntolerated(taints, tolerations, t -> t.effect().equals(Taint.NO_SCHEDULE)).isPresent()) {
      return Fit.KEEP;
    }
    return Fit.RUN;
  }

  /** What {@link #fit} reads of a node, to tell whether a node update can change it. */
  static boolean sameFitInputs(ObjectNode old, ObjectNode current) {
    return old.path("metadata").path("labels").equals(current.path("metadata").path("labels"))
        && old.path("spec").path("taints").equals(current.path("spec").path("taints"));
  }

  static boolean matchesSelector(ObjectNode node, ObjectNode ds) {
    Map<String, String> labels = ObjectMeta.of(node).labels();
    for (Map.Entry<String, JsonNode> e : ds.path("spec").path("template").path("spec").path("nodeSelector").properties()) {
      if (!e.getValue().asString("").equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The node a pod runs on, or, before it is bound, the node its affinity names. */
  static String targetNode(ObjectNode pod) {
    String bound = pod.path("spec").path("nodeName").asString("");
    if (!bound.isEmpty()) {
      return bound;
    }
    JsonNode terms = pod.path("spec").path("affinity").path("nodeAffinity")
        .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
    for (JsonNode term : terms) {
      for (JsonNode field : term.path("matchFields")) {
        if (field.path("key").asString("").equals("metadata.name") && field.path("operator").asString("").equals("In")
            && field.path("values").size() == 1) {
          return field.path("values").get(0).asString("");
        }
      }
    }
    return "";
  }
}
