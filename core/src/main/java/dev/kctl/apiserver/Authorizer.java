package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import java.util.Set;

/**
 * Who may do what. The admin may do anything. A node (any kletd, joined with the node token) may
 * read everything and write only what a kubelet writes: Nodes and their status, their Leases in
 * kube-node-lease, the status of pods, pod deletion once their processes are gone, and Events.
 */
final class Authorizer {
  /** The identities bearer tokens map to. */
  enum Identity { ADMIN, NODE }

  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

  private Authorizer() {}

  static void check(Identity identity, String verb, RequestInfo request) {
    if (identity == Identity.ADMIN || READ_VERBS.contains(verb)) {
      return;
    }
    String resource = request.type().resource();
    String sub = request.subresource() == null ? "" : request.subresource();
    boolean allowed = switch (resource) {
      case "nodes", "events" -> true;
      case "leases" -> "kube-node-lease".equals(request.namespace());
      case "pods" -> sub.equals("status") || (sub.isEmpty() && verb.equals("delete"));
      default -> false;
    };
    if (!allowed) {
      throw new ApiException(StatusReason.Forbidden,
          "%s \"%s\" is forbidden: the node identity cannot %s %s%s; use the admin kubeconfig".formatted(
              request.type().qualifiedResource(), request.name() == null ? "" : request.name(), verb,
              request.type().qualifiedResource(), sub.isEmpty() ? "" : "/" + sub));
    }
  }
}
