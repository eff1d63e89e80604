package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who may do what. The admin may do anything. A node (a kletd with the per-node token kctld issued
 * it at join, see {@link NodeCredentials}) may read everything and write only what a kubelet writes
 * for itself: its own Node and its status, its own Lease in kube-node-lease, the status of pods bound
 * to it, the deletion of those pods once their processes are gone, and Events. The join token may
 * only ask for node credentials (it does not even register the Node: the node does that with its
 * own token), so a leaked join token cannot act as any node that has joined.
 */
final class Authorizer {
  /** The identities bearer tokens map to. */
  sealed interface Identity {
    /** The cluster administrator. */
    record Admin() implements Identity {}

    /** A holder of the cluster's join token: may only ask for node credentials. */
    record Join() implements Identity {}

    /** The kletd of one node, authenticated by the token issued to that node. */
    record Node(String name) implements Identity {}
  }

  static final Identity ADMIN = new Identity.Admin();
  static final Identity JOIN = new Identity.Join();
  static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

  /** Reads an object as it is stored now; empty when there is none. */
  @FunctionalInterface
  interface Objects {
    Optional<ObjectNode> find(RequestInfo request);
  }

  private Authorizer() {}

  static boolean isAdmin(Identity identity) {
    return identity instanceof Identity.Admin;
  }

  /**
   * Refuses with 403 what {@code identity} may not do. A node's create of a Node or Lease is let
   * through here and checked by {@link #checkCreate} once the body (and so the name) is known.
   */
  static void check(Identity identity, String verb, RequestInfo request, Objects objects) {
    switch (identity) {
      case Identity.Admin admin -> { }
      case Identity.Join join -> throw new ApiException(StatusReason.Forbidden,
          ("%s is forbidden: the join token may only ask for node credentials (POST %s); a joined kletd uses"
              + " the node token it was issued, people use the admin kubeconfig")
              .formatted(describe(request), NodeCredentials.PATH));
      case Identity.Node node -> checkNode(node.name(), verb, request, objects);
    }
  }

  /** Checks a create whose object name comes from the body. */
  static void checkCreate(Identity identity, RequestInfo request, ObjectNode body) {
    if (!(identity instanceof Identity.Node(String node)) || request.subresource() != null) {
      return;
    }
    String resource = request.type().resource();
    if (resource.equals("nodes") || resource.equals("leases")) {
      String name = body.path("metadata").path("name").asString("");
      if (!name.equals(node)) {
        throw forbidden(node, name, "create", request);
      }
    }
  }

  private static void checkNode(String node, String verb, RequestInfo request, Objects objects) {
    if (READ_VERBS.contains(verb)) {
      return;
    }
    String resource = request.type().resource();
    String sub = request.subresource() == null ? "" : request.subresource();
    boolean write = verb.equals("create") || verb.equals("update") || verb.equals("patch");
    String name = request.name() == null ? "" : request.name();
    switch (resource) {
      case "events" -> {
        if (!verb.equals("deletecollection")) {
          return;
        }
      }
      case "nodes" -> {
        if (write && (sub.isEmpty() || sub.equals("status"))) {
          if (name.isEmpty() || name.equals(node)) {
            return;
          }
          throw forbidden(node, name, verb, request);
        }
      }
      case "leases" -> {
        if (write && sub.isEmpty() && NODE_LEASE_NAMESPACE.equals(request.namespace())) {
          if (name.isEmpty() || name.equals(node)) {
            return;
          }
          throw forbidden(node, name, verb, request);
        }
      }
      case "pods" -> {
        boolean status = sub.equals("status") && (verb.equals("update") || verb.equals("patch"));
        boolean delete = sub.isEmpty() && verb.equals("delete");
        if (status || delete) {
          String boundTo = objects.find(new RequestInfo(ResourceTypes.PODS, request.namespace(), name, null))
              .map(pod -> pod.path("spec").path("nodeName").asString(""))
              .orElseThrow(() -> ApiException.notFound(ResourceTypes.PODS, name));
          if (boundTo.equals(node)) {
            return;
          }
          throw new ApiException(StatusReason.Forbidden,
              "%s is forbidden: node \"%s\" cannot %s pod %s/%s, which is bound to %s".formatted(
                  describe(request), node, verb, request.namespace(), name,
                  boundTo.isEmpty() ? "no node" : "node \"" + boundTo + "\""));
        }
      }
      default -> { }
    }
    throw new ApiException(StatusReason.Forbidden,
        "%s is forbidden: node \"%s\" cannot %s %s%s; use the admin kubeconfig".formatted(
            describe(request), node, verb, request.type().qualifiedResource(), sub.isEmpty() ? "" : "/" + sub));
  }

  private static ApiException forbidden(String node, String other, String verb, RequestInfo request) {
    return new ApiException(StatusReason.Forbidden,
        "%s is forbidden: node \"%s\" cannot %s the %s of node \"%s\"; a node may change only its own".formatted(
            describe(request), node, verb, request.type().qualifiedResource(), other));
  }

  private static String describe(RequestInfo request) {
    return "%s \"%s\"".formatted(request.type().qualifiedResource(), request.name() == null ? "" : request.name());
  }
}
