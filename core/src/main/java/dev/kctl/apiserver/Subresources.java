package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The split between an object's main resource and its {@code status} subresource: writes to one
 * never change the other, so a controller updating status cannot undo a user's spec change.
 */
final class Subresources {
  private static final Set<String> WITH_GENERATION = Set.of("Deployment", "ReplicaSet", "DaemonSet", "Job");

  private Subresources() {}

  static boolean hasStatus(ResourceType type) {
    return has(type, "status");
  }

  /** Whether {@code type} serves {@code subresource}, as discovery lists it: one table for both. */
  static boolean has(ResourceType type, String subresource) {
    return dev.kctl.apiserver.discovery.Subresources.of(type).stream().anyMatch(s -> s.name().equals(subresource));
  }

  static boolean hasGeneration(ResourceType type) {
    return WITH_GENERATION.contains(type.kind());
  }

  /**
   * The object to store after a write of {@code next} to {@code subresource} (null or empty for
   * the main resource) of the object that is {@code current}.
   */
  static ObjectNode merge(ResourceType type, String subresource, ObjectNode current, ObjectNode next) {
    if (subresource == null || subresource.isEmpty()) {
      if (hasStatus(type)) {
        keep(current, next, "status");
      }
      if (type.kind().equals("Namespace")) {
        NamespaceLifecycle.keepFinalizers(current, next);
      }
      return next;
    }
    if (subresource.equals("binding")) {
      return next; // the binding changes spec.nodeName and the PodScheduled condition together
    }
    if (subresource.equals("finalize") && type.kind().equals("Namespace")) {
      return NamespaceLifecycle.finalize(current, next);
    }
    if (!subresource.equals("status") || !hasStatus(type)) {
      throw ApiException.notFound(type, current.path("metadata").path("name").asString("") + "/" + subresource);
    }
    ObjectNode result = current.deepCopy();
    keep(next, result, "status");
    return result;
  }

  /** What a new object's status starts as: Kubernetes ignores status sent on create. */
  static void resetStatusOnCreate(ResourceType type, ObjectNode object) {
    switch (type.kind()) {
      case "Pod" -> {
        ObjectNode status = object.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", QosClass.of(object.path("spec")));
      }
      case "Namespace" -> object.putObject("status").put("phase", "Active");
      case "Deployment", "ReplicaSet", "DaemonSet", "Job" -> object.putObject("status");
      case "Service" -> object.putObject("status").putObject("loadBalancer");
      default -> { }
    }
  }

  private static void keep(ObjectNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value == null) {
      to.remove(field);
    } else {
      to.set(field, value.deepCopy());
    }
  }
}
