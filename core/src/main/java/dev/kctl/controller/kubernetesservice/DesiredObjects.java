package dev.kctl.controller.kubernetesservice;

import dev.kctl.codec.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The objects that put the API server behind Service {@code default/kubernetes}, as kube-apiserver writes them. */
final class DesiredObjects {
  private DesiredObjects() {}

  /** @param clusterIp the address to ask for; empty to let the allocator choose */
  static ObjectNode service(KubernetesServiceController.ApiServerAddress address, String clusterIp) {
    ObjectNode service = Json.object();
    service.put("apiVersion", "v1").put("kind", "Service");
    meta(service).putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = service.putObject("spec");
    spec.put("type", "ClusterIP");
    if (!clusterIp.isEmpty()) {
      spec.put("clusterIP", clusterIp);
    }
    spec.put("sessionAffinity", "None");
    spec.putArray("ports").addObject().put("name", "https").put("protocol", "TCP").put("port", 443)
        .put("targetPort", address.port());
    return service;
  }

  static ObjectNode endpoints(KubernetesServiceController.ApiServerAddress address) {
    ObjectNode endpoints = Json.object();
    endpoints.put("apiVersion", "v1").put("kind", "Endpoints");
    // kube-apiserver writes its EndpointSlice itself, so the mirroring controller must not.
    meta(endpoints).putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
    ObjectNode subset = endpoints.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", address.ip());
    port(subset.putArray("ports"), address);
    return endpoints;
  }

  static ObjectNode slice(KubernetesServiceController.ApiServerAddress address) {
    ObjectNode slice = Json.object();
    slice.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
    meta(slice).putObject("labels").put("kubernetes.io/service-name", KubernetesServiceController.SERVICE);
    slice.put("addressType", "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(address.ip());
    endpoint.putObject("conditions").put("ready", true);
    port(slice.putArray("ports"), address);
    return slice;
  }

  /**
   * Whether {@code current} has everything {@code desired} has: the same scalars, every field of
   * an object, and arrays of the same length whose elements cover each other in order. Fields the
   * server added (defaults) do not count, so a reconcile does not fight the defaulting with an
   * update that would trigger it again.
   */
  static boolean covers(JsonNode current, JsonNode desired) {
    if (desired.isObject()) {
      if (!current.isObject()) {
        return false;
      }
      for (var field : desired.properties()) {
        if (!covers(current.path(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (desired.isArray()) {
      if (!current.isArray() || current.size() != desired.size()) {
        return false;
      }
      for (int i = 0; i < desired.size(); i++) {
        if (!covers(current.get(i), desired.get(i))) {
          return false;
        }
      }
      return true;
    }
    return current.equals(desired);
  }

  private static ObjectNode meta(ObjectNode object) {
    return object.putObject("metadata").put("name", KubernetesServiceController.SERVICE)
        .put("namespace", KubernetesServiceController.NAMESPACE);
  }

  private static void port(ArrayNode ports, KubernetesServiceController.ApiServerAddress address) {
    ports.addObject().put("name", "https").put("port", address.port()).put("protocol", "TCP");
  }
}
