package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import dev.kctl.client.RestClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * kctld and two kletds on three "machines": network namespaces on a bridge, each with its own
 * addresses and loopback. kctld listens on its namespace's address; the kletds join it from the
 * other two with the node token alone, finding their own InternalIP; a Deployment spreads over
 * both nodes, its Service answers on the ClusterIP from pods on both machines, a deleted pod leaves
 * the rotation, and each node's nodePort answers from the other machine. The test JVM stays in the
 * root namespace and drives the cluster over the bridge, with kubectl and the REST client.
 */
class MultiNodeNetnsIT {
  static final Pattern HELLO = Pattern.compile("Hello from tomcat pod (\\S+) in \\S+ on node (\\S+)");
  static final String MANIFEST = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: spread
      spec:
        replicas: 4
        selector:
          matchLabels:
            app: spread
        template:
          metadata:
            labels:
              app: spread
          spec:
            terminationGracePeriodSeconds: 5
            containers:
              - name: tomcat
                image: tomcat
                ports:
                  - name: http
                    containerPort: 8080
                readinessProbe:
                  httpGet:
                    path: /
                    port: http
                  periodSeconds: 1
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: spread
      spec:
        type: NodePort
        selector:
          app: spread
        ports:
          - name: web
            port: 80
            targetPort: http
      """;
  static final String JAVA_CLIENT = """
      import java.net.URI;
      import java.net.http.HttpClient;
      import java.net.http.HttpRequest;
      import java.net.http.HttpResponse;
      import java.time.Duration;

      /** Asks a URL args[1] times on fresh connections, printing each answer (or nothing) on its own line. */
      class Fetch {
        public static void main(String[] args) throws Exception {
          for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try {
              System.out.println(http.send(HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(3)).build(),
                  HttpResponse.BodyHandlers.ofString()).body().strip());
            } catch (java.io.IOException e) {
              System.out.println();
            }
            http.close();
          }
        }
      }
      """;

  @TempDir Path home;
  NetworkNamespaces net;
  final List<Daemon> daemons = new ArrayList<>();
  RestClient api;
  Path kubeconfig;

  @BeforeEach
  void needsNamespaces() {
    Optional<String> why = NetworkNamespaces.unavailable();
    why.ifPresent(reason -> System.out.println("MultiNodeNetnsIT skipped: " + reason));
    assumeTrue(why.isEmpty(), () -> "network namespaces cannot be made here: " + why.orElse(""));
  }

  @AfterEach
  void stop() {
    try {
      if (api != null) {
        try {
          // Graceful deletion lets the pods' Tomcats remove their temporary folders.
          api.delete(ResourceTypes.DEPLOYMENTS, "default", "spread", DeleteOptions.DEFAULT);
          await("pods deleted").atMost(ofSeconds(20)).until(() ->
              api.list(ResourceTypes.PODS, "default", ListOptions.NONE).path("items").isEmpty());
        } catch (RuntimeException | Error e) {
          // the namespaces are emptied by force below all the same
        }
        api.close();
      }
    } finally {
      try {
        daemons.reversed().forEach(Daemon::close);
      } finally {
        if (net != null) {
          net.close();
        }
      }
    }
  }

  @Test
  void aDeploymentSpreadsOverTwoMachinesAndItsServiceAnswersFromBothOnClusterIpAndNodePorts() throws Exception {
    net = NetworkNamespaces.create(3);
    NetworkNamespaces.Member server = net.member(0);
    NetworkNamespaces.Member machineA = net.member(1);
    NetworkNamespaces.Member machineB = net.member(2);
    Path root = KletdCluster.launcherRoot(home);

    Daemon kctld = start(server, "kctld", root,
        "kctld", "--data-dir", home.resolve("server").toString(), "--listen", server.address() + ":0");
    String url = kctld.awaitLine("kctld serving on (https://\\S+);", ofSeconds(60));
    assertThat(url).startsWith("https://" + server.address() + ":");
    kubeconfig = home.resolve("server/admin.kubeconfig");
    api = RestClient.connect(KubeConfig.load(kubeconfig));

    // Neither --node-ip nor --listen: each kletd finds the address that reaches kctld.
    Map<String, String> nodeIps = Map.of("machine-a", machineA.address(), "machine-b", machineB.address());
    for (var member : List.of(machineA, machineB)) {
      String node = member == machineA ? "machine-a" : "machine-b";
      start(member, "kletd-" + node, root, "kletd", "--server", url,
          "--token-file", home.resolve("server/node-token").toString(),
          "--data-dir", home.resolve(node).toString(),
          "--node-name", node,
          "--image-dir", root.resolve("samples/target/images").toString(),
          "--host-port-range", "24300-24399");
    }
    await("nodes machine-a and machine-b Ready with their own InternalIPs").atMost(ofSeconds(60))
        .failFast("a daemon exited", this::daemonsAlive)
        .until(() -> readyNodeIps().equals(nodeIps));

    Path manifest = home.resolve("spread.yaml");
    Files.writeString(manifest, MANIFEST);
    kubectl("apply", "-f", manifest.toString()).assertSuccess(List.of("kubectl apply spread.yaml"));

    await("four spread pods Ready").atMost(ofSeconds(90))
        .failFast("a daemon exited", this::daemonsAlive)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> readyPods().size() == 4);
    List<JsonNode> pods = readyPods();
    Map<String, String> nodeOfPod = new HashMap<>();
    for (JsonNode pod : pods) {
      String name = pod.path("metadata").path("name").asString("");
      String node = pod.path("spec").path("nodeName").asString("");
      nodeOfPod.put(name, node);
      assertThat(pod.path("status").path("podIP").asString("")).as("podIP of %s", name).isEqualTo(nodeIps.get(node));
      assertThat(pod.path("status").path("hostIP").asString("")).as("hostIP of %s", name).isEqualTo(nodeIps.get(node));
    }
    assertThat(Set.copyOf(nodeOfPod.values())).as("nodes the scheduler spread the pods over")
        .containsExactlyInAnyOrder("machine-a", "machine-b");

    JsonNode service = api.get(ResourceTypes.SERVICES, "default", "spread");
    String clusterIp = service.path("spec").path("clusterIP").asString("");
    int nodePort = service.path("spec").path("ports").get(0).path("nodePort").asInt();
    assertThat(clusterIp).startsWith("127.");
    assertThat(nodePort).isPositive();

    // machine-a's own proxy listens on the ClusterIP inside its namespace, and forwards to pods on both machines.
    String viaClusterIp = "http://" + clusterIp + ":80/";
    Map<String, String> seen = new HashMap<>();
    await("answers through " + viaClusterIp + " from every pod, on both machines").atMost(ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          ask(machineA, viaClusterIp, 12).forEach(seen::putAll);
          return seen.keySet().equals(nodeOfPod.keySet());
        });
    assertThat(seen).as("pod -> node named in each answer").isEqualTo(nodeOfPod);

    // kctld reaches each kletd at the Node's InternalIP for logs.
    String remotePod = pods.stream().map(p -> p.path("metadata").path("name").asString(""))
        .filter(name -> nodeOfPod.get(name).equals("machine-b")).findFirst().orElseThrow();
    try (InputStream log = api.logs("default", remotePod, LogOptions.ALL)) {
      assertThat(new String(log.readAllBytes(), StandardCharsets.UTF_8))
          .contains("tomcat listening on " + machineB.address() + ":");
    }

    // Each machine's nodePort answers from the other machine.
    assertThat(ask(machineA, "http://" + machineB.address() + ":" + nodePort + "/", 1))
        .as("machine-b's nodePort asked from machine-a").singleElement()
        .satisfies(answer -> assertThat(answer.keySet()).isSubsetOf(nodeOfPod.keySet()));
    assertThat(ask(machineB, "http://" + machineA.address() + ":" + nodePort + "/", 1))
        .as("machine-a's nodePort asked from machine-b").singleElement()
        .satisfies(answer -> assertThat(answer.keySet()).isSubsetOf(nodeOfPod.keySet()));

    // A deleted pod leaves the rotation; the Service keeps answering from the others.
    String victim = remotePod;
    api.delete(ResourceTypes.PODS, "default", victim, DeleteOptions.DEFAULT);
    await("pod " + victim + " out of the rotation of " + viaClusterIp).atMost(ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          List<Map<String, String>> answers = ask(machineA, viaClusterIp, 12);
          return answers.size() == 12 && answers.stream().noneMatch(a -> a.containsKey(victim));
        });
  }

  /** The Ready nodes' InternalIPs by node name. */
  private Map<String, String> readyNodeIps() {
    Map<String, String> out = new HashMap<>();
    for (JsonNode node : api.list(ResourceTypes.NODES, null, ListOptions.NONE).path("items")) {
      boolean ready = false;
      for (JsonNode c : node.path("status").path("conditions")) {
        ready |= c.path("type").asString("").equals("Ready") && c.path("status").asString("").equals("True");
      }
      for (JsonNode a : node.path("status").path("addresses")) {
        if (ready && a.path("type").asString("").equals("InternalIP")) {
          out.put(node.path("metadata").path("name").asString(""), a.path("address").asString(""));
        }
      }
    }
    return out;
  }

  private List<JsonNode> readyPods() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode pod : api.list(ResourceTypes.PODS, "default", ListOptions.NONE).path("items")) {
      for (JsonNode c : pod.path("status").path("conditions")) {
        if (c.path("type").asString("").equals("Ready") && c.path("status").asString("").equals("True")
            && pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
          out.add(pod);
        }
      }
    }
    return out;
  }

  /**
   * Asks {@code url} {@code times} times from inside {@code from}, each on a new connection (the
   * proxy balances connections, not requests); one {pod: node} map per answer, failures left out.
   */
  private List<Map<String, String>> ask(NetworkNamespaces.Member from, String url, int times) throws Exception {
    List<String> command = new ArrayList<>(from.prefix());
    Optional<Path> curl = List.of("/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl").stream()
        .map(Path::of).filter(Files::isExecutable).findFirst();
    if (curl.isPresent()) {
      command.addAll(List.of(curl.get().toString(), "-s", "-m", "3", "-H", "Connection: close", "-w", "\\n"));
      command.addAll(Collections.nCopies(times, url));
    } else {
      Path client = home.resolve("Fetch.java");
      if (!Files.exists(client)) {
        Files.writeString(client, JAVA_CLIENT);
      }
      String java = ProcessHandle.current().info().command().orElse("java");
      command.addAll(List.of(java, client.toString(), url, Integer.toString(times)));
    }
    Commands.Result result = Commands.run(home, command, null);
    List<Map<String, String>> answers = new ArrayList<>();
    for (String line : result.stdout().lines().toList()) {
      Matcher m = HELLO.matcher(line);
      if (m.find()) {
        answers.add(Map.of(m.group(1), m.group(2)));
      }
    }
    return answers;
  }

  private Daemon start(NetworkNamespaces.Member where, String name, Path root, String... command) throws IOException {
    Daemon daemon = Daemon.start(name, home, root, where.prefix(), List.of(command));
    daemons.add(daemon);
    return daemon;
  }

  private void daemonsAlive() {
    for (Daemon d : daemons) {
      if (!d.isAlive()) {
        throw new AssertionError("a daemon exited:\n" + d.tail());
      }
    }
  }

  private Commands.Result kubectl(String... args) throws Exception {
    List<String> command = Commands.of("kubectl", "--kubeconfig", kubeconfig.toString());
    command.addAll(List.of(args));
    return Commands.run(home, command, null);
  }
}
