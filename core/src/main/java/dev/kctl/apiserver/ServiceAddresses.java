package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ApiException.Cause;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gives Services their addresses: a ClusterIP from 127.96.0.0/12 (every 127/8 address is local on
 * Linux, so every node's proxy can listen on it without root or routes) and, for NodePort
 * services, a nodePort from 30000-32767. What is allocated is read from the stored Services, so
 * deleting a Service frees its addresses and nothing is lost across restarts. A requested address
 * that is taken or out of range is a 422 naming the field.
 */
final class ServiceAddresses {
  /** 127.96.0.0/12: 127.96.0.1 to 127.111.255.254. */
  static final int FIRST_IP = (127 << 24) | (96 << 16) | 1;
  static final int LAST_IP = (127 << 24) | (111 << 16) | (255 << 8) | 254;
  static final int FIRST_NODE_PORT = 30000;
  static final int LAST_NODE_PORT = 32767;

  private final ApiService api;
  /** Serialises allocations, so two Services created at once never get the same address. */
  private final Object lock = new Object();

  ServiceAddresses(ApiService api) {
    this.api = api;
  }

  /** Runs {@code create} with the addresses of {@code service} allocated, under the allocation lock. */
  ObjectNode allocateAndCreate(ObjectNode service, java.util.function.Supplier<ObjectNode> create) {
    synchronized (lock) {
      allocate(service, null);
      return create.get();
    }
  }

  /** Keeps the addresses of {@code current} on an update, and allocates newly needed ones. */
  void keepOnUpdate(ObjectNode current, ObjectNode next) {
    synchronized (lock) {
      allocate(next, current);
    }
  }

  private void allocate(ObjectNode service, ObjectNode current) {
    ObjectNode spec = service.get("spec") instanceof ObjectNode s ? s : service.putObject("spec");
    String name = ObjectMeta.of(service).name();
    String self = current == null ? null : ObjectMeta.of(current).uid();
    Taken taken = taken(self);
    List<Cause> causes = new ArrayList<>();
    String type = spec.path("type").asString("ClusterIP");
    if (!type.equals("ExternalName")) {
      String wanted = spec.path("clusterIP").asString("");
      String was = current == null ? "" : current.path("spec").path("clusterIP").asString("");
      if (wanted.isEmpty() && !was.isEmpty()) {
        wanted = was;
      }
      if (current != null && !was.isEmpty() && !wanted.equals(was)) {
        causes.add(new Cause("FieldValueInvalid", "Invalid value: \"" + wanted + "\": field is immutable", "spec.clusterIPs[0]"));
      } else if (wanted.isEmpty()) {
        wanted = freeIp(taken.ips(), name);
      } else if (!wanted.equals("None") && !wanted.equals(was)) {
        Integer ip = parse(wanted);
        if (ip == null || ip < FIRST_IP || ip > LAST_IP) {
          causes.add(new Cause("FieldValueInvalid", "Invalid value: \"" + wanted
              + "\": provided IP is not in the valid range. The range of valid IPs is 127.96.0.0/12", "spec.clusterIPs[0]"));
        } else if (taken.ips().contains(ip)) {
          causes.add(new Cause("FieldValueInvalid", "Invalid value: \"" + wanted + "\": provided IP is already allocated", "spec.clusterIPs[0]"));
        }
      }
      spec.put("clusterIP", wanted);
      spec.putArray("clusterIPs").add(wanted);
      if (!wanted.equals("None")) {
        spec.putArray("ipFamilies").add("IPv4");
        spec.put("ipFamilyPolicy", "SingleStack");
      }
    }
    if (type.equals("NodePort") || type.equals("LoadBalancer")) {
      JsonNode ports = spec.path("ports");
      for (int i = 0; i < ports.size(); i++) {
        ObjectNode port = (ObjectNode) ports.get(i);
        int wanted = port.path("nodePort").asInt(0);
        int was = previousNodePort(current, port);
        if (wanted == 0) {
          wanted = was != 0 ? was : freeNodePort(taken.nodePorts(), name);
        } else if (wanted != was) {
          if (wanted < FIRST_NODE_PORT || wanted > LAST_NODE_PORT) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + wanted
                + ": provided port is not in the valid range. The range of valid ports is 30000-32767", "spec.ports[" + i + "].nodePort"));
          } else if (taken.nodePorts().contains(wanted)) {
            causes.add(new Cause("FieldValueInvalid", "Invalid value: " + wanted + ": provided port is already allocated", "spec.ports[" + i + "].nodePort"));
          }
        }
        taken.nodePorts().add(wanted);
        port.put("nodePort", wanted);
      }
    }
    if (!causes.isEmpty()) {
      throw ApiException.invalid(ResourceTypes.SERVICES, name, causes);
    }
  }

  private static int previousNodePort(ObjectNode current, JsonNode port) {
    if (current == null) {
      return 0;
    }
    for (JsonNode p : current.path("spec").path("ports")) {
      if (p.path("port").asInt() == port.path("port").asInt()
          && p.path("protocol").asString("TCP").equals(port.path("protocol").asString("TCP"))) {
        return p.path("nodePort").asInt(0);
      }
    }
    return 0;
  }

  /** Addresses held by stored Services other than the one with uid {@code self}. */
  private record Taken(Set<Integer> ips, Set<Integer> nodePorts) {}

  private Taken taken(String self) {
    Set<Integer> ips = new HashSet<>();
    Set<Integer> nodePorts = new HashSet<>();
    for (JsonNode svc : api.list(ResourceTypes.SERVICES, null, ListOptions.NONE).path("items")) {
      if (ObjectMeta.of(svc).uid().equals(self)) {
        continue;
      }
      Integer ip = parse(svc.path("spec").path("clusterIP").asString(""));
      if (ip != null) {
        ips.add(ip);
      }
      for (JsonNode p : svc.path("spec").path("ports")) {
        if (p.path("nodePort").asInt(0) > 0) {
          nodePorts.add(p.path("nodePort").asInt());
        }
      }
    }
    return new Taken(ips, nodePorts);
  }

  private static String freeIp(Set<Integer> taken, String service) {
    for (int ip = FIRST_IP; ip <= LAST_IP; ip++) {
      if (!taken.contains(ip)) {
        return format(ip);
      }
    }
    throw ApiException.invalid(ResourceTypes.SERVICES, service, List.of(new Cause("FieldValueInvalid",
        "Internal error: no cluster IP left in 127.96.0.0/12", "spec.clusterIPs")));
  }

  private static int freeNodePort(Set<Integer> taken, String service) {
    for (int port = FIRST_NODE_PORT; port <= LAST_NODE_PORT; port++) {
      if (!taken.contains(port)) {
        return port;
      }
    }
    throw ApiException.invalid(ResourceTypes.SERVICES, service, List.of(new Cause("FieldValueInvalid",
        "Internal error: no node port left in 30000-32767", "spec.ports")));
  }

  static Integer parse(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4) {
      return null;
    }
    int value = 0;
    for (String part : parts) {
      try {
        int octet = Integer.parseInt(part);
        if (octet < 0 || octet > 255) {
          return null;
        }
        value = (value << 8) | octet;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return value;
  }

  static String format(int ip) {
    return (ip >>> 24) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
  }
}
