package dev.kctl.apiserver.metrics;

import dev.kctl.api.ApiException;
import dev.kctl.api.MetricsTypes;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import java.util.Arrays;
import java.util.List;

/**
 * A request path of the metrics API: {@code /apis/metrics.k8s.io/v1beta1/nodes[/NAME]},
 * {@code .../pods} (all namespaces) or {@code .../namespaces/NS/pods[/NAME]}.
 *
 * @param namespace null for nodes and for pods of all namespaces
 * @param name null for a list
 */
record MetricsPath(ResourceType type, String namespace, String name) {
  static final String PREFIX = "/apis/" + MetricsTypes.GROUP + "/" + MetricsTypes.VERSION + "/";

  /** Whether {@code path} is below the metrics group version (its discovery document is not). */
  static boolean matches(String path) {
    return path.startsWith(PREFIX) && path.length() > PREFIX.length();
  }

  /** Parses a path that {@link #matches}; a path naming nothing served is NotFound. */
  static MetricsPath parse(String path) {
    List<String> parts = Arrays.stream(path.substring(PREFIX.length()).split("/")).filter(s -> !s.isEmpty()).toList();
    String namespace = null;
    List<String> rest = parts;
    if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
      namespace = parts.get(1);
      rest = parts.subList(2, parts.size());
    }
    if (rest.isEmpty() || rest.size() > 2) {
      throw notServed(path);
    }
    ResourceType type = MetricsTypes.byPath(MetricsTypes.GROUP, MetricsTypes.VERSION, rest.get(0))
        .orElseThrow(() -> notServed(path));
    if (namespace != null && !type.namespaced()) {
      throw notServed(path);
    }
    String name = rest.size() == 2 ? rest.get(1) : null;
    if (name != null && type.namespaced() && namespace == null) {
      throw notServed(path);
    }
    return new MetricsPath(type, namespace, name);
  }

  private static ApiException notServed(String path) {
    return new ApiException(StatusReason.NotFound, "the server could not find the requested resource (GET " + path + ")");
  }
}
