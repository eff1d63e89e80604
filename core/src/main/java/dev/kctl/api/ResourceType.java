package dev.kctl.api;

import java.util.List;

/**
 * One kind of the Kubernetes API as served here: where it lives (group, version, plural resource
 * name) and how kubectl names it (kind, singular, short names, categories).
 *
 * @param group API group, empty for the core ("legacy") group
 * @param version API version within the group, e.g. {@code v1}
 * @param resource plural resource name used in paths, e.g. {@code pods}
 * @param kind the object's kind, e.g. {@code Pod}
 * @param namespaced whether objects live in a namespace
 * @param shortNames kubectl short names, e.g. {@code po}
 * @param categories kubectl categories, e.g. {@code all}
 */
public record ResourceType(
    String group,
    String version,
    String resource,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories) {

  public ResourceType {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
  }

  /** The {@code apiVersion} field of objects of this type: {@code v1} or {@code apps/v1}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The lower-case singular name kubectl accepts, e.g. {@code pod}. */
  public String singular() {
    return kind.toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code /api/v1} or {@code /apis/apps/v1}. */
  public String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /**
   * The collection path: in {@code namespace} when the type is namespaced and a namespace is
   * given, across all namespaces otherwise.
   */
  public String collectionPath(String namespace) {
    if (namespaced && namespace != null) {
      return groupVersionPath() + "/namespaces/" + namespace + "/" + resource;
    }
    return groupVersionPath() + "/" + resource;
  }

  public String objectPath(String namespace, String name) {
    return collectionPath(namespace) + "/" + name;
  }

  /** {@code pods} or {@code deployments.apps}, as kubectl prints resource names. */
  public String qualifiedResource() {
    return group.isEmpty() ? resource : resource + "." + group;
  }
}
