package dev.kctl.kletd.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.codec.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class ProxyTableTest {
  static final String CLUSTER_IP = "127.96.0.10";
  static final String KEY = "default/web";

  final List<InetSocketAddress> bindFailures = new CopyOnWriteArrayList<>();
  final ProxyTable table = new ProxyTable("127.0.0.1", (service, address, cause) -> bindFailures.add(address));
  final List<AutoCloseable> closing = new ArrayList<>();
  final int port = freePort();

  @AfterEach
  void close() throws Exception {
    table.close();
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  @Test
  void newConnectionsGoRoundRobinAcrossReadyEndpoints() throws Exception {
    Backend a = backend("a");
    Backend b = backend("b");
    table.sync(KEY, service("None"), endpoints(List.of(a, b), List.of()));

    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      seen.add(ask());
    }

    assertThat(seen).containsExactlyInAnyOrder("a:hi", "b:hi");
  }

  @Test
  void notReadyEndpointsGetNoConnections() throws Exception {
    Backend a = backend("a");
    Backend b = backend("b");
    table.sync(KEY, service("None"), endpoints(List.of(a), List.of(b)));

    for (int i = 0; i < 4; i++) {
      assertThat(ask()).isEqualTo("a:hi");
    }
  }

  @Test
  void anOpenConnectionKeepsItsEndpointWhenTheEndpointIsRemoved() throws Exception {
    Backend a = backend("a");
    table.sync(KEY, service("None"), endpoints(List.of(a), List.of()));
    try (Socket socket = new Socket(CLUSTER_IP, port)) {
      var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
      out.println("one");
      assertThat(in.readLine()).isEqualTo("a:one");

      table.sync(KEY, service("None"), endpoints(List.of(), List.of()));

      out.println("two");
      assertThat(in.readLine()).isEqualTo("a:two");
    }
    try (Socket refused = new Socket(CLUSTER_IP, port)) {
      assertThat(refused.getInputStream().read()).as("no ready endpoint: closed at once").isEqualTo(-1);
    }
  }

  @Test
  void clientIpAffinityKeepsAClientOnItsEndpointWhileItIsReady() throws Exception {
    Backend a = backend("a");
    Backend b = backend("b");
    table.sync(KEY, service("ClientIP"), endpoints(List.of(a, b), List.of()));
    String first = ask();
    for (int i = 0; i < 4; i++) {
      assertThat(ask()).isEqualTo(first);
    }

    Backend other = first.startsWith("a") ? b : a;
    table.sync(KEY, service("ClientIP"), endpoints(List.of(other), List.of()));

    assertThat(ask()).isEqualTo(other.name + ":hi");
  }

  @Test
  void theListenerClosesWhenTheServiceIsDeleted() throws Exception {
    Backend a = backend("a");
    table.sync(KEY, service("None"), endpoints(List.of(a), List.of()));
    assertThat(ask()).isEqualTo("a:hi");

    table.sync(KEY, null, endpoints(List.of(a), List.of()));

    assertThatThrownBy(() -> new Socket(CLUSTER_IP, port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void aTakenPortIsReportedOnceAndServedOnceFreed() throws Exception {
    Backend a = backend("a");
    ServerSocket squatter = new ServerSocket(port, 50, InetAddress.getByName(CLUSTER_IP));
    table.sync(KEY, service("None"), endpoints(List.of(a), List.of()));
    table.sync(KEY, service("None"), endpoints(List.of(a), List.of()));
    assertThat(bindFailures).containsExactly(new InetSocketAddress(CLUSTER_IP, port));

    squatter.close();
    table.sync(KEY, service("None"), endpoints(List.of(a), List.of()));

    assertThat(ask()).isEqualTo("a:hi");
  }

  @Test
  void aNodePortIsServedOnTheNodeAddress() throws Exception {
    Backend a = backend("a");
    int nodePort = freePort();
    ObjectNode service = service("None");
    service.withObjectProperty("spec").put("type", "NodePort");
    ((ObjectNode) service.withObjectProperty("spec").withArrayProperty("ports").get(0)).put("nodePort", nodePort);
    table.sync(KEY, service, endpoints(List.of(a), List.of()));

    assertThat(ask(new InetSocketAddress("127.0.0.1", nodePort))).isEqualTo("a:hi");
  }

  private String ask() throws IOException {
    return ask(new InetSocketAddress(CLUSTER_IP, port));
  }

  /** Sends "hi", half-closes, and reads the one line the backend answers. */
  private static String ask(InetSocketAddress address) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 5000);
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
  }

  private ObjectNode service(String affinity) {
    ObjectNode service = Json.object();
    service.putObject("metadata").put("name", "web").put("namespace", "default");
    ObjectNode spec = service.putObject("spec");
    spec.put("clusterIP", CLUSTER_IP);
    spec.putArray("clusterIPs").add(CLUSTER_IP);
    spec.put("sessionAffinity", affinity);
    spec.putArray("ports").addObject().put("name", "http").put("port", port).put("protocol", "TCP");
    return service;
  }

  /** Endpoints whose backends listen on different ports, so one subset per backend, as the controller makes. */
  private static ObjectNode endpoints(List<Backend> ready, List<Backend> notReady) {
    ObjectNode ep = Json.object();
    ep.putObject("metadata").put("name", "web").put("namespace", "default");
    ArrayNode subsets = ep.putArray("subsets");
    for (Backend b : ready) {
      ObjectNode subset = subsets.addObject();
      subset.putArray("addresses").addObject().put("ip", "127.0.0.1");
      subset.putArray("ports").addObject().put("name", "http").put("port", b.port()).put("protocol", "TCP");
    }
    for (Backend b : notReady) {
      ObjectNode subset = subsets.addObject();
      subset.putArray("notReadyAddresses").addObject().put("ip", "127.0.0.1");
      subset.putArray("ports").addObject().put("name", "http").put("port", b.port()).put("protocol", "TCP");
    }
    return ep;
  }

  /** A backend that answers each line with "name:line" until the client closes. */
  private Backend backend(String name) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closing.add(server);
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofVirtual().start(() -> {
            try (s) {
              var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
              var out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
              String line;
              while ((line = in.readLine()) != null) {
                out.println(name + ":" + line);
              }
            } catch (IOException e) {
              // the client went away
            }
          });
        } catch (IOException e) {
          // closed at the end of the test
        }
      }
    });
    return new Backend(name, server);
  }

  private record Backend(String name, ServerSocket server) {
    int port() {
      return server.getLocalPort();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(CLUSTER_IP))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
