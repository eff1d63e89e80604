package dev.kctl.it;

import dev.kctl.api.ResourceType;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.RestClient;
import dev.kctl.codec.Json;
import dev.kctl.server.ControlPlane;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A control plane in the test JVM and an HTTPS client to it, for one test class. */
final class Cluster implements AutoCloseable {
  final ControlPlane plane;
  final RestClient client;

  private Cluster(ControlPlane plane, RestClient client) {
    this.plane = plane;
    this.client = client;
  }

  static Cluster start(Path dir) throws Exception {
    ControlPlane plane = ControlPlane.start(new ControlPlane.Config(dir, new InetSocketAddress("127.0.0.1", 0)), InstantSource.system());
    try {
      return new Cluster(plane, RestClient.connect(KubeConfig.load(plane.kubeconfig())));
    } catch (Exception | Error e) {
      plane.close();
      throw e;
    }
  }

  /** Creates a namespace of its own for one test, so tests sharing the plane do not meet. */
  String namespace(String name) {
    ObjectNode ns = Json.object();
    ns.put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", name);
    client.create(dev.kctl.api.ResourceTypes.NAMESPACES, null, ns);
    return name;
  }

  List<ObjectNode> items(ResourceType type, String namespace) {
    return items(type, namespace, ListOptions.NONE);
  }

  List<ObjectNode> items(ResourceType type, String namespace, ListOptions options) {
    List<ObjectNode> out = new ArrayList<>();
    client.list(type, namespace, options).path("items").forEach(i -> out.add((ObjectNode) i));
    return out;
  }

  List<String> eventReasons(String namespace) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : client.list(dev.kctl.api.ResourceTypes.EVENTS, namespace, ListOptions.NONE).path("items")) {
      out.add(e.path("reason").asString(""));
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
    plane.close();
  }
}
