package dev.kctl.apiserver.discovery;

import java.util.List;

/**
 * One subresource of a served resource, such as {@code pods/status}, as discovery and the OpenAPI
 * documents describe it.
 *
 * @param name the path segment after the object's name, e.g. {@code status}
 * @param group group of the kind the subresource accepts and returns, empty for the core group
 * @param version version of that kind
 * @param kind that kind: the parent's kind for {@code status}, {@code Binding} for {@code binding}
 * @param verbs the verbs it serves, sorted as discovery lists them
 */
public record Subresource(String name, String group, String version, String kind, List<String> verbs) {

  public Subresource {
    verbs = List.copyOf(verbs);
  }

  /** {@code v1} or {@code autoscaling/v1}: the {@code apiVersion} of the kind it returns. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
