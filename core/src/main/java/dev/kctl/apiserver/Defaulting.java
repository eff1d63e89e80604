package dev.kctl.apiserver;

import dev.kctl.api.ResourceType;
import tools.jackson.databind.JsonNode;
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
      case "Pod" -> podSpec(spec(object));
      case "Deployment" -> deployment(object);
      case "ReplicaSet" -> {
        putIfMissing(spec(object), "replicas", 1);
        podSpec(templateSpec(object));
      }
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
