package dev.kctl.apiserver.discovery;

import dev.kctl.api.ResourceType;
import java.util.List;

/**
 * The subresources served for each resource type: the one table that discovery, the OpenAPI
 * documents and the request router agree on. A type not named here has none.
 */
public final class Subresources {
  /** The verbs of every top-level resource. */
  public static final List<String> RESOURCE_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  /** {@code kubectl scale} reads and writes an {@code autoscaling/v1 Scale}, whatever the parent. */
  private static final Subresource SCALE = new Subresource("scale", "autoscaling", "v1", "Scale", STATUS_VERBS);

  private Subresources() {}

  /** The subresources of {@code type}, sorted by name; empty when it has none. */
  public static List<Subresource> of(ResourceType type) {
    return switch (type.qualifiedResource()) {
      case "pods" -> List.of(
          new Subresource("binding", "", "v1", "Binding", List.of("create")),
          new Subresource("log", "", "v1", "Pod", List.of("get")),
          status(type));
      case "deployments.apps", "replicasets.apps" -> List.of(SCALE, status(type));
      // kube serves namespaces/finalize for PUT only: what the namespace controller and
      // `kubectl replace --raw /api/v1/namespaces/X/finalize` use to release a namespace
      case "namespaces" -> List.of(new Subresource("finalize", "", "v1", "Namespace", List.of("update")), status(type));
      case "nodes", "services", "daemonsets.apps", "jobs.batch" -> List.of(status(type));
      default -> List.of();
    };
  }

  private static Subresource status(ResourceType type) {
    return new Subresource("status", type.group(), type.version(), type.kind(), STATUS_VERBS);
  }
}
