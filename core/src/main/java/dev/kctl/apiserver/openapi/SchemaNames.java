package dev.kctl.apiserver.openapi;

import java.util.Locale;

/** How Kubernetes names schemas and operations after a group, version and kind. */
final class SchemaNames {
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private SchemaNames() {}

  /**
   * {@code io.k8s.api.core.v1.Pod}, {@code io.k8s.api.apps.v1.Deployment}: the Go package of a
   * built-in group is the first label of its name ({@code rbac.authorization.k8s.io} lives in
   * {@code rbac}), and the core group lives in {@code core}.
   */
  static String kind(String group, String version, String kind) {
    String pkg = group.isEmpty() ? "core" : group.split("\\.")[0];
    return "io.k8s.api." + pkg + "." + version + "." + kind;
  }

  static String ref(String schemaName) {
    return "#/components/schemas/" + schemaName;
  }

  /** {@code CoreV1}, {@code AppsV1}, {@code RbacAuthorizationV1}: the group part of operation ids. */
  static String operationGroup(String group, String version) {
    StringBuilder out = new StringBuilder();
    String name = group.isEmpty() ? "core" : group.replaceFirst("\\.k8s\\.io$", "");
    for (String part : name.split("\\.")) {
      out.append(capitalize(part));
    }
    return out.append(capitalize(version)).toString();
  }

  /** {@code core_v1}, {@code apps_v1}: the tag kube-apiserver puts on each operation. */
  static String tag(String group, String version) {
    String name = group.isEmpty() ? "core" : group.replaceFirst("\\.k8s\\.io$", "").replace('.', '_');
    return name + "_" + version;
  }

  private static String capitalize(String word) {
    return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }
}
