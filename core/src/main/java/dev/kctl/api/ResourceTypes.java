package dev.kctl.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds this cluster serves. The single list that the API server, clients and CLI share. */
public final class ResourceTypes {
  public static final ResourceType NAMESPACES =
      new ResourceType("", "v1", "namespaces", "Namespace", false, List.of("ns"), List.of());
  public static final ResourceType NODES =
      new ResourceType("", "v1", "nodes", "Node", false, List.of("no"), List.of());
  public static final ResourceType PODS =
      new ResourceType("", "v1", "pods", "Pod", true, List.of("po"), List.of("all"));
  public static final ResourceType EVENTS =
      new ResourceType("", "v1", "events", "Event", true, List.of("ev"), List.of());
  public static final ResourceType DEPLOYMENTS =
      new ResourceType("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), List.of("all"));
  public static final ResourceType REPLICASETS =
      new ResourceType("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), List.of("all"));

  public static final ResourceType CONFIGMAPS =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), List.of());
  public static final ResourceType SECRETS =
      new ResourceType("", "v1", "secrets", "Secret", true, List.of(), List.of());
  public static final ResourceType SERVICES =
      new ResourceType("", "v1", "services", "Service", true, List.of("svc"), List.of("all"));
  public static final ResourceType ENDPOINTS =
      new ResourceType("", "v1", "endpoints", "Endpoints", true, List.of("ep"), List.of());
  public static final ResourceType DAEMONSETS =
      new ResourceType("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), List.of("all"));
  public static final ResourceType JOBS =
      new ResourceType("batch", "v1", "jobs", "Job", true, List.of(), List.of("all"));
  public static final ResourceType LEASES =
      new ResourceType("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of());
  public static final ResourceType ENDPOINTSLICES =
      new ResourceType("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, List.of(), List.of());

  private static final List<ResourceType> ALL = List.of(
      NAMESPACES, NODES, PODS, EVENTS, CONFIGMAPS, SECRETS, SERVICES, ENDPOINTS,
      DEPLOYMENTS, REPLICASETS, DAEMONSETS, JOBS, LEASES, ENDPOINTSLICES);

  private ResourceTypes() {}

  public static List<ResourceType> all() {
    return ALL;
  }

  /** The type of objects with this {@code apiVersion} and {@code kind}. */
  public static Optional<ResourceType> byKind(String apiVersion, String kind) {
    return ALL.stream()
        .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }

  /** The type with this group, version and plural resource name, as found in a request path. */
  public static Optional<ResourceType> byPath(String group, String version, String resource) {
    return ALL.stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version) && t.resource().equals(resource))
        .findFirst();
  }

  /**
   * The type a user means by {@code name}, as kubectl resolves it: plural, singular, short name,
   * kind, each optionally qualified by group ({@code deployments.apps}); case-insensitive.
   */
  public static Optional<ResourceType> byUserName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(t -> matches(t, wanted)).findFirst();
  }

  private static boolean matches(ResourceType type, String wanted) {
    String bare = wanted;
    int dot = wanted.indexOf('.');
    if (dot > 0) {
      if (!wanted.substring(dot + 1).equals(type.group())) {
        return false;
      }
      bare = wanted.substring(0, dot);
    }
    return bare.equals(type.resource())
        || bare.equals(type.singular())
        || type.shortNames().contains(bare);
  }
}
