package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a resource request path names: the type, the namespace, the object and its subresource.
 * Paths are Kubernetes': {@code /api/v1/namespaces/default/pods/web/status},
 * {@code /apis/apps/v1/deployments}, {@code /api/v1/nodes/node-1}.
 *
 * @param namespace null when the request spans all namespaces or the type is cluster-scoped
 * @param name null for a collection
 * @param subresource null for the object itself
 */
record RequestInfo(ResourceType type, String namespace, String name, String subresource) {

  boolean isCollection() {
    return name == null;
  }

  /** Parses a resource path; empty when the path is not a resource path (discovery, unknown). */
  static Optional<RequestInfo> parse(String path) {
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    List<String> rest;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return Optional.empty();
    }
    String version = group.isEmpty() ? parts.get(1) : parts.get(2);
    String namespace = null;
    // namespaces/{ns}/{resource}/... addresses a namespaced resource; namespaces/{ns} and
    // namespaces/{ns}/status|finalize address the Namespace object itself.
    if (rest.size() >= 3 && rest.get(0).equals("namespaces") && !(rest.size() == 3 && isNamespaceSubresource(rest.get(2)))) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.size() > 3) {
      return Optional.empty();
    }
    String resource = rest.get(0);
    ResourceType type = ResourceTypes.byPath(group, version, resource).orElseThrow(() -> new ApiException(
        dev.kctl.api.StatusReason.NotFound, "the server could not find the requested resource (%s %s)".formatted(
            group.isEmpty() ? version : group + "/" + version, resource)));
    if (namespace != null && !type.namespaced()) {
      return Optional.empty();
    }
    String name = rest.size() > 1 ? rest.get(1) : null;
    String subresource = rest.size() > 2 ? rest.get(2) : null;
    return Optional.of(new RequestInfo(type, namespace, name, subresource));
  }

  private static boolean isNamespaceSubresource(String segment) {
    return segment.equals("status") || segment.equals("finalize");
  }
}
