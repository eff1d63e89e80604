package dev.kctl.controller.deployment;

import dev.kctl.api.ObjectMeta;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.PodTemplateHash;
import dev.kctl.controller.runtime.ControllerRefs;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** How a Deployment's ReplicaSets are built and read: names, annotations, templates. */
final class ReplicaSets {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  /** Deployment annotations that stay on the Deployment, as in kube's skipCopyAnnotation. */
  private static final Set<String> NOT_COPIED = Set.of(
      "kubectl.kubernetes.io/last-applied-configuration", REVISION, DESIRED_REPLICAS, MAX_REPLICAS,
      REVISION_HISTORY, "deprecated.deployment.rollback.to");

  private ReplicaSets() {}

  static long revision(ObjectNode rs) {
    try {
      return Long.parseLong(ObjectMeta.of(rs).annotations().getOrDefault(REVISION, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static int specReplicas(ObjectNode object) {
    return object.path("spec").path("replicas").asInt(1);
  }

  static int status(ObjectNode rs, String field) {
    return rs.path("status").path(field).asInt(0);
  }

  /** Whether the ReplicaSet runs the Deployment's template, ignoring the hash label it adds. */
  static boolean runsTemplate(ObjectNode rs, ObjectNode deployment) {
    return withoutHash(rs.path("spec").path("template")).equals(withoutHash(deployment.path("spec").path("template")));
  }

  private static JsonNode withoutHash(JsonNode template) {
    JsonNode copy = template.deepCopy();
    if (copy.path("metadata").path("labels") instanceof ObjectNode labels) {
      labels.remove(PodTemplateHash.LABEL);
    }
    return copy;
  }

  /** Copies the Deployment's annotations that belong on its ReplicaSets, such as change-cause. */
  static void copyAnnotations(ObjectNode deployment, ObjectNode annotations) {
    for (Map.Entry<String, String> a : ObjectMeta.of(deployment).annotations().entrySet()) {
      if (!NOT_COPIED.contains(a.getKey())) {
        annotations.put(a.getKey(), a.getValue());
      }
    }
  }

  /** The ReplicaSet {@code <deployment>-<hash>} for the Deployment's current template. */
  static ObjectNode newReplicaSet(ObjectNode deployment, String hash, long revision, int replicas, int maxReplicas) {
    ObjectMeta d = ObjectMeta.of(deployment);
    ObjectNode template = deployment.path("spec").path("template") instanceof ObjectNode t ? t.deepCopy() : Json.object();
    ObjectMeta.mutable(template).withObjectProperty("labels").put(PodTemplateHash.LABEL, hash);

    ObjectNode rs = Json.object();
    rs.put("apiVersion", "apps/v1");
    rs.put("kind", "ReplicaSet");
    ObjectNode m = rs.putObject("metadata");
    m.put("name", d.name() + "-" + hash);
    m.put("namespace", d.namespace());
    m.set("labels", template.path("metadata").path("labels").deepCopy());
    ObjectNode annotations = m.putObject("annotations");
    copyAnnotations(deployment, annotations);
    annotations.put(REVISION, Long.toString(revision));
    annotations.put(DESIRED_REPLICAS, Integer.toString(specReplicas(deployment)));
    annotations.put(MAX_REPLICAS, Integer.toString(maxReplicas));
    m.putArray("ownerReferences").add(ControllerRefs.ownerReference(deployment));

    ObjectNode spec = rs.putObject("spec");
    spec.put("replicas", replicas);
    spec.put("minReadySeconds", deployment.path("spec").path("minReadySeconds").asInt(0));
    ObjectNode selector = deployment.path("spec").path("selector").isObject()
        ? (ObjectNode) deployment.path("spec").path("selector").deepCopy() : Json.object();
    selector.withObjectProperty("matchLabels").put(PodTemplateHash.LABEL, hash);
    spec.set("selector", selector);
    spec.set("template", template);
    return rs;
  }
}
