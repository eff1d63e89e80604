package dev.kctl.it;

import dev.kctl.api.ResourceType;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.RestClient;
import dev.kctl.codec.Json;
import dev.kctl.server.ControlPlane;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A control plane in the test JVM, an HTTPS client to it and simulated nodes joined to it, for
 * one test class (or one test); {@link #close} stops all of them.
 */
final class Cluster implements AutoCloseable {
  final ControlPlane plane;
  final RestClient client;
  final SimulatedNodes nodes;

  private Cluster(ControlPlane plane, RestClient client, SimulatedNodes nodes) {
    this.plane = plane;
    this.client = client;
    this.nodes = nodes;
  }

  /**
   * Starts a control plane with its data in {@code dir} and {@code nodeCount} simulated nodes
   * named {@code nodePrefix0}, {@code nodePrefix1}, ..., heartbeating every {@code heartbeat}.
   * What started is stopped again when a later part fails.
   */
  static Cluster start(Path dir, String nodePrefix, int nodeCount, Duration heartbeat) throws Exception {
    ControlPlane plane = ControlPlane.start(new ControlPlane.Config(dir, new InetSocketAddress("127.0.0.1", 0)), InstantSource.system());
    RestClient client = null;
    try {
      client = RestClient.connect(KubeConfig.load(plane.kubeconfig()));
      return new Cluster(plane, client, SimulatedNodes.start(client, InstantSource.system(), nodePrefix, nodeCount, heartbeat));
    } catch (Exception | Error e) {
      if (client != null) {
        client.close();
      }
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
    nodes.close();
    client.close();
    plane.close();
  }
}
