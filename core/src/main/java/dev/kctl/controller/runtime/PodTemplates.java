package dev.kctl.controller.runtime;

import dev.kctl.api.ObjectMeta;
import dev.kctl.codec.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Pods made from a controller's pod template, as kube's controller_utils GetPodFromTemplate. */
public final class PodTemplates {
  private PodTemplates() {}

  /**
   * A pod named {@code <owner>-<random>} in the owner's namespace, with the template's labels,
   * annotations and spec, controlled by {@code owner} (which blocks the owner's foreground deletion).
   */
  public static ObjectNode newPod(ObjectNode owner, JsonNode template) {
    ObjectMeta meta = ObjectMeta.of(owner);
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode m = pod.putObject("metadata");
    m.put("generateName", meta.name() + "-");
    m.put("namespace", meta.namespace());
    JsonNode labels = template.path("metadata").path("labels");
    if (labels.isObject() && !labels.isEmpty()) {
      m.set("labels", labels.deepCopy());
    }
    JsonNode annotations = template.path("metadata").path("annotations");
    if (annotations.isObject() && !annotations.isEmpty()) {
      m.set("annotations", annotations.deepCopy());
    }
    m.putArray("ownerReferences").add(ControllerRefs.ownerReference(owner));
    pod.set("spec", template.path("spec").isObject() ? template.path("spec").deepCopy() : Json.object());
    return pod;
  }
}
