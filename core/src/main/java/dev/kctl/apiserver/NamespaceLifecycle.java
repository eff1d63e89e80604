package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.codec.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The namespace rules of kube-apiserver's NamespaceLifecycle admission and namespace strategy:
 * nothing new is created in a namespace being terminated, and a namespace's
 * {@code spec.finalizers} change only through its {@code finalize} subresource, so an update
 * cannot cut its emptying short.
 */
final class NamespaceLifecycle {
  /** The cause type kube-apiserver reports with the refusal. */
  private static final String TERMINATING_CAUSE = "NamespaceTerminating";

  private NamespaceLifecycle() {}

  /** Refuses (403) to create {@code name} of {@code type} in {@code namespace} once it is terminating. */
  static void refuseIfTerminating(JsonNode namespace, ResourceType type, String name) {
    boolean terminating = namespace.path("metadata").has("deletionTimestamp")
        || namespace.path("status").path("phase").asString("").equals("Terminating");
    if (!terminating) {
      return;
    }
    String nsName = namespace.path("metadata").path("name").asString("");
    String why = "unable to create new content in namespace %s because it is being terminated".formatted(nsName);
    String subject = name.isEmpty() ? type.qualifiedResource() : "%s \"%s\"".formatted(type.qualifiedResource(), name);
    throw new ApiException(StatusReason.Forbidden, subject + " is forbidden: " + why, type.group(), type.resource(), name,
        List.of(new ApiException.Cause(TERMINATING_CAUSE, why, "metadata.namespace")), null);
  }

  /**
   * What a write to the {@code finalize} subresource stores: {@code current} with the
   * {@code spec.finalizers} of {@code next} and nothing else of it.
   */
  static ObjectNode finalize(ObjectNode current, ObjectNode next) {
    ObjectNode result = current.deepCopy();
    JsonNode finalizers = next.path("spec").path("finalizers");
    ObjectNode spec = result.withObjectProperty("spec");
    spec.set("finalizers", finalizers.isArray() ? finalizers.deepCopy() : Json.array());
    return result;
  }

  /** On an update of the main resource, the namespace keeps its finalizers, as in Kubernetes. */
  static void keepFinalizers(ObjectNode current, ObjectNode next) {
    JsonNode finalizers = current.path("spec").path("finalizers");
    ObjectNode spec = next.withObjectProperty("spec");
    if (finalizers.isMissingNode()) {
      spec.remove("finalizers");
    } else {
      spec.set("finalizers", finalizers.deepCopy());
    }
  }
}
