package dev.kctl.cli;

import dev.kctl.api.ApiException;
import dev.kctl.api.LabelSelector;
import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.RestClient;
import dev.kctl.client.spdy.PortForwardProtocol;
import dev.kctl.client.spdy.SpdyConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kctl port-forward POD|TYPE/NAME [LOCAL:]REMOTE... [--address ADDR,...]}: listens on local
 * ports and forwards each connection to the pod through the API server (SPDY tunnelled in a
 * WebSocket, as kubectl 1.30 and later do). For a workload it picks one of its running pods. Runs
 * until interrupted; ends with exit code 1 when the connection to the pod is lost.
 */
@Command(name = "port-forward", description = "Forward one or more local ports to a pod.")
final class PortForwardCommand implements Callable<Integer> {
  @ParentCommand Kctl kctl;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "POD", description = "The pod, as NAME or pod/NAME, or a workload as TYPE/NAME.")
  String target;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "[LOCAL:]REMOTE",
      description = "Ports to forward; LOCAL empty or 0 picks a free port.")
  List<String> ports = new ArrayList<>();

  @Option(names = "--address", split = ",", paramLabel = "ADDRESS",
      description = "Local addresses to listen on (default: 127.0.0.1).")
  List<String> addresses = new ArrayList<>(List.of("127.0.0.1"));

  @Override
  public Integer call() throws Exception {
    Session session = kctl.session();
    String namespace = session.namespace();
    ObjectNode pod = pod(session, namespace);
    String name = pod.path("metadata").path("name").asString("");
    String phase = pod.path("status").path("phase").asString("");
    if (!phase.equals("Running")) {
      throw new CommandException("unable to forward port because pod is not running. Current status=" + phase);
    }
    List<PortSpec> specs = ports.stream().map(PortSpec::parse).toList();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (RestClient rest = RestClient.connect(KubeConfig.load(session.environment().kubeconfig(kctl.kubeconfig),
        kctl.context == null ? "" : kctl.context))) {
      SpdyConnection connection = open(rest, namespace, name, specs, pod);
      List<LocalForwarder> forwarders = new ArrayList<>();
      AtomicInteger requestIds = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
      try {
        for (PortSpec port : specs) {
          int remote = remotePort(pod, port.remote());
          for (String address : addresses) {
            LocalForwarder forwarder = new LocalForwarder(connection, address, port.local(), remote, requestIds, out, err);
            forwarders.add(forwarder);
            out.println("Forwarding from " + hostPort(address, forwarder.localPort()) + " -> " + remote);
          }
        }
        out.flush();
        forwarders.forEach(LocalForwarder::start);
        session.closeOnCancel(() -> {
          cancelled.set(true);
          connection.close();
        });
        connection.closed().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      } finally {
        for (LocalForwarder f : forwarders) {
          f.close();
        }
        connection.close();
      }
      if (cancelled.get()) {
        return 0;
      }
      throw new CommandException("lost connection to pod");
    }
  }

  private ObjectNode pod(Session session, String namespace) {
    int slash = target.indexOf('/');
    ResourceType type = slash < 0 ? ResourceTypes.PODS : Resources.type(target.substring(0, slash));
    String name = target.substring(slash + 1);
    if (type.kind().equals("Pod")) {
      return session.client().get(ResourceTypes.PODS, namespace, name);
    }
    if (type.kind().equals("Service")) {
      throw new CommandException("port-forward to a service is not supported yet; forward to one of its pods");
    }
    JsonNode selector = session.client().get(type, namespace, name).path("spec").path("selector");
    if (!selector.isObject()) {
      throw new CommandException("cannot attach to " + Resources.ref(type, name) + ": it has no pod selector");
    }
    LabelSelector match = LabelSelector.fromObject(selector);
    List<ObjectNode> pods = new ArrayList<>();
    for (JsonNode p : session.client().list(ResourceTypes.PODS, namespace, ListOptions.NONE).path("items")) {
      Map<String, String> labels = new HashMap<>();
      p.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
      if (match.matches(labels) && !p.path("metadata").has("deletionTimestamp")) {
        pods.add((ObjectNode) p);
      }
    }
    // Running pods first, then by name, so repeated runs pick the same pod.
    return pods.stream()
        .min(Comparator.comparing((ObjectNode p) -> !p.path("status").path("phase").asString("").equals("Running"))
            .thenComparing(p -> p.path("metadata").path("name").asString("")))
        .orElseThrow(() -> new CommandException("no pods found for " + Resources.ref(type, name)));
  }

  /** A remote port by number, or by the name of a container port of the pod. */
  private static int remotePort(JsonNode pod, String remote) {
    if (remote.chars().allMatch(Character::isDigit)) {
      int port = Integer.parseInt(remote);
      if (port < 1 || port > 65535) {
        throw new CommandException("invalid remote port " + remote + ": it must be 1 to 65535");
      }
      return port;
    }
    for (JsonNode container : pod.path("spec").path("containers")) {
      for (JsonNode port : container.path("ports")) {
        if (port.path("name").asString("").equals(remote)) {
          return port.path("containerPort").asInt();
        }
      }
    }
    throw new CommandException("pod %s does not have a named port '%s'"
        .formatted(pod.path("metadata").path("name").asString(""), remote));
  }

  private static SpdyConnection open(RestClient rest, String namespace, String name, List<PortSpec> specs,
      JsonNode pod) throws IOException, InterruptedException {
    SpdyWebSocket socket = new SpdyWebSocket();
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + name + "/portforward";
    String query = String.join(",", specs.stream().map(s -> Integer.toString(remotePort(pod, s.remote()))).toList());
    try {
      rest.webSocket(path, Map.of("ports", query), PortForwardProtocol.TUNNELED_TOKEN, socket).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WebSocketHandshakeException refused) {
        throw refusal(refused);
      }
      throw new UncheckedIOException("cannot reach the API server at " + rest.server() + " to forward ports: "
          + cause.getMessage(), cause instanceof IOException io ? io : new IOException(cause));
    } catch (TimeoutException e) {
      throw new IOException("the API server at " + rest.server() + " did not accept the port-forward within 30 s", e);
    }
    SpdyConnection connection = SpdyConnection.client("port-forward " + namespace + "/" + name, socket.input(), socket);
    connection.start();
    return connection;
  }

  private static RuntimeException refusal(WebSocketHandshakeException refused) {
    Object body = refused.getResponse().body();
    String text = body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
        : body == null ? "" : body.toString();
    try {
      JsonNode status = dev.kctl.codec.Json.parse(text);
      if ("Status".equals(status.path("kind").asString(""))) {
        return ApiException.fromStatus(status, refused.getResponse().statusCode());
      }
    } catch (RuntimeException notJson) {
      // fall through to the plain message
    }
    return new CommandException("the API server refused the port-forward (HTTP " + refused.getResponse().statusCode()
        + ")" + (text.isBlank() ? "" : ": " + text.trim()));
  }

  private static String hostPort(String address, int port) {
    return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
  }
}
