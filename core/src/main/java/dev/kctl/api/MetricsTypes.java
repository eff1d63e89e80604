package dev.kctl.api;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of the resource metrics API, {@code metrics.k8s.io/v1beta1}, which {@code kubectl top}
 * reads: {@code NodeMetrics} (cluster-scoped) and {@code PodMetrics} (namespaced). They are not
 * stored: kctld computes them on each request from the usage its nodes' kletds measure, so they
 * support only {@link #VERBS}. They are kept out of {@link ResourceTypes#all()}, which lists the
 * stored kinds that informers, tables and OpenAPI documents cover.
 */
public final class MetricsTypes {
  public static final String GROUP = "metrics.k8s.io";
  public static final String VERSION = "v1beta1";

  public static final ResourceType NODES =
      new ResourceType(GROUP, VERSION, "nodes", "NodeMetrics", false, List.of(), List.of());
  public static final ResourceType PODS =
      new ResourceType(GROUP, VERSION, "pods", "PodMetrics", true, List.of(), List.of());

  /** The verbs the metrics kinds support, as discovery lists them. */
  public static final List<String> VERBS = List.of("get", "list");

  private static final List<ResourceType> ALL = List.of(NODES, PODS);

  private MetricsTypes() {}

  public static List<ResourceType> all() {
    return ALL;
  }

  /** The metrics type with this group, version and plural resource name, as found in a request path. */
  public static Optional<ResourceType> byPath(String group, String version, String resource) {
    return ALL.stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version) && t.resource().equals(resource))
        .findFirst();
  }
}
