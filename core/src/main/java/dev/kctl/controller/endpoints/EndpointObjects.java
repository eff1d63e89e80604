package dev.kctl.controller.endpoints;

import dev.kctl.api.ObjectMeta;
import dev.kctl.codec.Json;
import dev.kctl.controller.runtime.ControllerRefs;
import dev.kctl.controller.runtime.PodTemplateHash;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The v1 Endpoints and discovery.k8s.io/v1 EndpointSlice objects for a Service's subsets. */
final class EndpointObjects {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  static final String MANAGED_BY = "endpointslice-controller.k8s.io";

  private EndpointObjects() {}

  static ObjectNode endpoints(ObjectNode service, List<Subset> subsets) {
    ObjectMeta meta = ObjectMeta.of(service);
    ObjectNode ep = Json.object();
    ep.put("apiVersion", "v1");
    ep.put("kind", "Endpoints");
    ObjectNode m = ep.putObject("metadata");
    m.put("name", meta.name());
    m.put("namespace", meta.namespace());
    ObjectNode labels = m.putObject("labels");
    meta.labels().forEach(labels::put);
    ArrayNode out = ep.putArray("subsets");
    for (Subset s : subsets) {
      ObjectNode subset = out.addObject();
      if (!s.ready().isEmpty()) {
        ArrayNode addresses = subset.putArray("addresses");
        s.ready().forEach(a -> addresses.add(address(a)));
      }
      if (!s.notReady().isEmpty()) {
        ArrayNode addresses = subset.putArray("notReadyAddresses");
        s.notReady().forEach(a -> addresses.add(address(a)));
      }
      ArrayNode ports = subset.putArray("ports");
      s.ports().forEach(p -> ports.add(port(p)));
    }
    return ep;
  }

  /** One slice per subset, named by the Service and a hash of the subset's ports. */
  static ObjectNode slice(ObjectNode service, Subset subset) {
    ObjectMeta meta = ObjectMeta.of(service);
    ArrayNode ports = Json.array();
    subset.ports().forEach(p -> ports.add(port(p)));
    ObjectNode slice = Json.object();
    slice.put("apiVersion", "discovery.k8s.io/v1");
    slice.put("kind", "EndpointSlice");
    ObjectNode m = slice.putObject("metadata");
    m.put("name", meta.name() + "-" + PodTemplateHash.of(ports, -1));
    m.put("namespace", meta.namespace());
    ObjectNode labels = m.putObject("labels");
    meta.labels().forEach(labels::put);
    labels.put(SERVICE_NAME_LABEL, meta.name());
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    m.putArray("ownerReferences").add(ControllerRefs.ownerReference(service));
    slice.put("addressType", "IPv4");
    ArrayNode endpoints = slice.putArray("endpoints");
    subset.ready().forEach(a -> endpoints.add(endpoint(a, true)));
    subset.notReady().forEach(a -> endpoints.add(endpoint(a, false)));
    slice.set("ports", ports);
    return slice;
  }

  private static ObjectNode address(Subset.Address a) {
    ObjectNode address = Json.object();
    address.put("ip", a.ip());
    if (!a.nodeName().isEmpty()) {
      address.put("nodeName", a.nodeName());
    }
    address.set("targetRef", targetRef(a));
    return address;
  }

  private static ObjectNode endpoint(Subset.Address a, boolean ready) {
    ObjectNode endpoint = Json.object();
    endpoint.putArray("addresses").add(a.ip());
    endpoint.putObject("conditions").put("ready", ready).put("serving", ready).put("terminating", false);
    if (!a.nodeName().isEmpty()) {
      endpoint.put("nodeName", a.nodeName());
    }
    endpoint.set("targetRef", targetRef(a));
    return endpoint;
  }

  private static ObjectNode targetRef(Subset.Address a) {
    ObjectNode ref = Json.object();
    ref.put("kind", "Pod");
    ref.put("namespace", a.namespace());
    ref.put("name", a.podName());
    ref.put("uid", a.uid());
    return ref;
  }

  private static ObjectNode port(Subset.Port p) {
    ObjectNode port = Json.object();
    if (!p.name().isEmpty()) {
      port.put("name", p.name());
    }
    port.put("port", p.port());
    port.put("protocol", p.protocol());
    return port;
  }
}
