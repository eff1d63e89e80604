package dev.kctl.apiserver;

import dev.kctl.api.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills the fields Kubernetes defaults when a writer leaves them out, with Kubernetes' values, so
 * that what {@code kubectl get -o yaml} shows matches a real cluster and the controllers can rely
 * on them.
 */
final class Defaulting {
  private Defaulting() {}

  static void apply(ResourceType type, ObjectNode object) {
    switch (type.kind()) {
      case "Pod" -> {
        podSpec(spec(object));
        defaultTolerations(spec(object));
      }
      case "Deployment" -> deployment(object);
      case "ReplicaSet" -> {
        putIfMissing(spec(object), "replicas", 1);
        podSpec(templateSpec(object));
      }
      case "DaemonSet" -> daemonSet(object);
      case "Job" -> job(object);
      case "Service" -> service(spec(object));
      case "Secret" -> secret(object);
      case "Namespace" -> {
        if (!object.path("spec").has("finalizers")) {
          spec(object).putArray("finalizers").add("kubernetes");
        }
      }
      default -> { }
    }
  }

  private static void deployment(ObjectNode object) {
    ObjectNode spec = spec(object);
    putIfMissing(spec, "replicas", 1);
    putIfMissing(spec, "revisionHistoryLimit", 10);
    putIfMissing(spec, "progressDeadlineSeconds", 600);
    ObjectNode strategy = child(spec, "strategy");
    if (!strategy.has("type")) {
      strategy.put("type", "RollingUpdate");
    }
    if (strategy.path("type").asString("").equals("RollingUpdate")) {
      ObjectNode rolling = child(strategy, "rollingUpdate");
      if (!rolling.has("maxUnavailable")) {
        rolling.put("maxUnavailable", "25%");
      }
      if (!rolling.has("maxSurge")) {
        rolling.put("maxSurge", "25%");
      }
    }
    podSpec(templateSpec(object));
  }

  private static void daemonSet(ObjectNode object) {
    ObjectNode spec = spec(object);
    putIfMissing(spec, "revisionHistoryLimit", 10);
    ObjectNode strategy = child(spec, "updateStrategy");
    if (!strategy.has("type")) {
      strategy.put("type", "RollingUpdate");
    }
    if (strategy.path("type").asString("").equals("RollingUpdate")) {
      ObjectNode rolling = child(strategy, "rollingUpdate");
      if (!rolling.has("maxUnavailable")) {
        rolling.put("maxUnavailable", 1);
      }
      if (!rolling.has("maxSurge")) {
        rolling.put("maxSurge", 0);
      }
    }
    podSpec(templateSpec(object));
  }

  /**
   * Jobs get Kubernetes' generated selector: the job's uid as a label on the template and in the
   * selector, unless the writer chose {@code manualSelector}.
   */
  private static void job(ObjectNode object) {
    ObjectNode spec = spec(object);
    putIfMissing(spec, "parallelism", 1);
    putIfMissing(spec, "completions", 1);
    putIfMissing(spec, "backoffLimit", 6);
    if (!spec.has("completionMode")) {
      spec.put("completionMode", "NonIndexed");
    }
    if (!spec.has("suspend")) {
      spec.put("suspend", false);
    }
    String uid = object.path("metadata").path("uid").asString("");
    if (!spec.path("manualSelector").asBoolean(false) && !uid.isEmpty() && !spec.has("selector")) {
      String name = object.path("metadata").path("name").asString("");
      ObjectNode labels = child(child(child(spec, "template"), "metadata"), "labels");
      labels.put("batch.kubernetes.io/controller-uid", uid);
      labels.put("batch.kubernetes.io/job-name", name);
      labels.put("controller-uid", uid);
      labels.put("job-name", name);
      spec.putObject("selector").putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
    }
    ObjectNode podSpec = templateSpec(object);
    if (!podSpec.has("restartPolicy")) {
      podSpec.put("restartPolicy", "Never");
    }
    podSpec(podSpec);
  }

  private static void service(ObjectNode spec) {
    if (!spec.has("type")) {
      spec.put("type", "ClusterIP");
    }
    if (!spec.has("sessionAffinity")) {
      spec.put("sessionAffinity", "None");
    }
    if (!spec.has("internalTrafficPolicy")) {
      spec.put("internalTrafficPolicy", "Cluster");
    }
    for (JsonNode p : spec.path("ports")) {
      if (p instanceof ObjectNode port) {
        if (!port.has("protocol")) {
          port.put("protocol", "TCP");
        }
        if (!port.has("targetPort") && port.has("port")) {
          port.set("targetPort", port.get("port").deepCopy());
        }
      }
    }
  }

  /** Secrets keep base64 {@code data}; {@code stringData} is a write-only convenience merged into it. */
  private static void secret(ObjectNode object) {
    if (!object.has("type")) {
      object.put("type", "Opaque");
    }
    if (object.get("stringData") instanceof ObjectNode plain) {
      ObjectNode data = child(object, "data");
      for (var e : plain.properties()) {
        data.put(e.getKey(), java.util.Base64.getEncoder().encodeToString(
            e.getValue().asString("").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      object.remove("stringData");
    }
  }

  private static void podSpec(ObjectNode spec) {
    if (!spec.has("restartPolicy")) {
      spec.put("restartPolicy", "Always");
    }
    putIfMissing(spec, "terminationGracePeriodSeconds", 30);
    if (!spec.has("dnsPolicy")) {
      spec.put("dnsPolicy", "ClusterFirst");
    }
    if (!spec.has("schedulerName")) {
      spec.put("schedulerName", "default-scheduler");
    }
    if (!spec.has("securityContext")) {
      spec.putObject("securityContext");
    }
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        if (c instanceof ObjectNode container) {
          container(container);
        }
      }
    }
  }

  /**
   * Kubernetes' DefaultTolerationSeconds admission: a pod that does not tolerate the not-ready or
   * unreachable NoExecute taint (by key, or an empty key, with that effect or none) gets a
   * toleration of it for 300 seconds, so the node lifecycle controller evicts it five minutes
   * after its node fails. Pods only, not templates: what a controller creates gets it then.
   */
  private static void defaultTolerations(ObjectNode spec) {
    for (String key : new String[] {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
      boolean tolerated = false;
      for (JsonNode t : spec.path("tolerations")) {
        String effect = t.path("effect").asString("");
        String tolerationKey = t.path("key").asString("");
        tolerated |= (tolerationKey.isEmpty() || tolerationKey.equals(key)) && (effect.isEmpty() || effect.equals("NoExecute"));
      }
      if (!tolerated) {
        ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode list ? list : spec.putArray("tolerations");
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute").put("tolerationSeconds", 300);
      }
    }
  }

  private static void container(ObjectNode container) {
    if (!container.has("imagePullPolicy")) {
      String image = container.path("image").asString("");
      boolean latest = !image.contains(":") || image.endsWith(":latest");
      container.put("imagePullPolicy", latest ? "Always" : "IfNotPresent");
    }
    if (!container.has("terminationMessagePath")) {
      container.put("terminationMessagePath", "/dev/termination-log");
    }
    if (!container.has("terminationMessagePolicy")) {
      container.put("terminationMessagePolicy", "File");
    }
    if (!container.has("resources")) {
      container.putObject("resources");
    }
    for (JsonNode p : container.path("ports")) {
      if (p instanceof ObjectNode port && !port.has("protocol")) {
        port.put("protocol", "TCP");
      }
    }
  }

  private static ObjectNode spec(ObjectNode object) {
    return child(object, "spec");
  }

  private static ObjectNode templateSpec(ObjectNode object) {
    return child(child(spec(object), "template"), "spec");
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
  }

  private static void putIfMissing(ObjectNode node, String field, int value) {
    if (!node.has(field) || node.get(field).isNull()) {
      node.put(field, value);
    }
  }
}
