package dev.kctl.kletd.proxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The environment variables Kubernetes gives a container for each Service with a clusterIP:
 * {@code <SVC>_SERVICE_HOST}, {@code <SVC>_SERVICE_PORT} (the first port),
 * {@code <SVC>_SERVICE_PORT_<NAME>} per named port, and the Docker-link style {@code <SVC>_PORT},
 * {@code <SVC>_PORT_<port>_<PROTO>} with its {@code _PROTO}, {@code _PORT} and {@code _ADDR}
 * (names upper-cased, '-' as '_'). Headless Services and those without a clusterIP give none.
 */
public final class ServiceEnv {
  private ServiceEnv() {}

  /**
   * The variables for a pod, following the kubelet: the Services of the pod's namespace when
   * {@code enableServiceLinks} is true (the default), and the {@code kubernetes} Service of
   * namespace {@code default} always.
   *
   * @param services the Services of the pod's namespace and of namespace {@code default}
   */
  public static Map<String, String> forPod(String namespace, boolean enableServiceLinks, List<ObjectNode> services) {
    Map<String, String> env = new LinkedHashMap<>();
    for (ObjectNode service : services) {
      String ns = service.path("metadata").path("namespace").asString("");
      String name = service.path("metadata").path("name").asString("");
      boolean master = ns.equals("default") && name.equals("kubernetes");
      if (master || (enableServiceLinks && ns.equals(namespace))) {
        env.putAll(of(service));
      }
    }
    return env;
  }

  /** The variables for one Service; empty when it has no clusterIP or no ports. */
  static Map<String, String> of(ObjectNode service) {
    JsonNode spec = service.path("spec");
    String ip = spec.path("clusterIP").asString("");
    JsonNode ports = spec.path("ports");
    Map<String, String> env = new LinkedHashMap<>();
    if (ip.isEmpty() || ip.equals("None") || ports.isEmpty()) {
      return env;
    }
    String svc = envName(service.path("metadata").path("name").asString(""));
    env.put(svc + "_SERVICE_HOST", ip);
    env.put(svc + "_SERVICE_PORT", Integer.toString(ports.get(0).path("port").asInt()));
    for (JsonNode port : ports) {
      String name = port.path("name").asString("");
      if (!name.isEmpty()) {
        env.put(svc + "_SERVICE_PORT_" + envName(name), Integer.toString(port.path("port").asInt()));
      }
    }
    JsonNode first = ports.get(0);
    env.put(svc + "_PORT", url(first, ip));
    for (JsonNode port : ports) {
      int number = port.path("port").asInt();
      String protocol = port.path("protocol").asString("TCP");
      String prefix = svc + "_PORT_" + number + "_" + protocol.toUpperCase(Locale.ROOT);
      env.put(prefix, url(port, ip));
      env.put(prefix + "_PROTO", protocol.toLowerCase(Locale.ROOT));
      env.put(prefix + "_PORT", Integer.toString(number));
      env.put(prefix + "_ADDR", ip);
    }
    return env;
  }

  private static String url(JsonNode port, String ip) {
    return port.path("protocol").asString("TCP").toLowerCase(Locale.ROOT) + "://" + ip + ":"
        + port.path("port").asInt();
  }

  private static String envName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
