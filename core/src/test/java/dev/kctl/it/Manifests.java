package dev.kctl.it;

import dev.kctl.codec.Json;
import tools.jackson.databind.node.ObjectNode;

/** Small objects the integration tests create. */
final class Manifests {
  private Manifests() {}

  static ObjectNode deployment(String name, int replicas) {
    return Json.parseObject("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"%1$s"},
         "spec":{"replicas":%2$d,"selector":{"matchLabels":{"app":"%1$s"}},
                 "template":{"metadata":{"labels":{"app":"%1$s"}},
                             "spec":{"containers":[{"name":"app","image":"tomcat",
                                     "ports":[{"containerPort":8080,"name":"http"}],
                                     "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}
        """.formatted(name, replicas));
  }

  /** A bare pod, labelled so that no deployment of these tests selects it. */
  static ObjectNode pod(String name) {
    return Json.parseObject("""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"%1$s","labels":{"bare":"%1$s"}},
         "spec":{"containers":[{"name":"app","image":"tomcat",
                                "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}
        """.formatted(name));
  }
}
