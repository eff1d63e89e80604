package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl port-forward} (SPDY tunnelled in a WebSocket) and {@code kctl port-forward}
 * against one real kctld and kletd: kctld relays the session to the node, whose kletd dials the
 * Tomcat pod's allocated host port for its containerPort 8080.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortForwardIT {
  private static final String POD = "forward-target";
  /** A port nothing listens on. */
  private static final int CLOSED_PORT = 1;

  private Path home;
  private KletdCluster cluster;
  private final List<Daemon> forwards = new ArrayList<>();

  @BeforeAll
  void startClusterAndPod(@TempDir Path dir) throws Exception {
    home = dir;
    cluster = KletdCluster.start(home);
    cluster.api.create(ResourceTypes.PODS, "default", Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "default"},
         "spec": {"containers": [{"name": "tomcat", "image": "tomcat",
           "ports": [{"name": "http", "containerPort": 8080}]}]}}""".formatted(POD)));
    try {
      await("pod " + POD + " running").atMost(ofSeconds(120)).until(() -> cluster.pid(POD, "tomcat").isPresent());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("pod " + POD + " did not start: " + cluster.pod(POD).path("status")
          + "\nkletd:\n" + cluster.kletd().tail(), e);
    }
    int hostPort = cluster.pod(POD).path("spec").path("containers").get(0).path("ports").get(0).path("hostPort").asInt();
    String host = cluster.pod(POD).path("status").path("podIP").asString("127.0.0.1");
    await("Tomcat answering on " + host + ":" + hostPort).atMost(ofSeconds(60)).ignoreExceptions()
        .until(() -> get(host, hostPort).startsWith("HTTP/1.1 200"));
  }

  @AfterAll
  void stopAll() {
    try {
      forwards.forEach(Daemon::close);
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void kubectlForwardsSequentialAndConcurrentRequests() throws Exception {
    Daemon kubectl = start("kubectl-forward", "/usr/bin/kubectl", "port-forward", "pod/" + POD, ":8080");
    int port = Integer.parseInt(kubectl.awaitLine("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080", ofSeconds(30)));

    assertAnswersRequests(port);
    assertThat(kubectl.isAlive()).as(kubectl.tail()).isTrue();
  }

  /**
   * kubectl since 1.23 ends the whole session once any connection reports an error ("lost
   * connection to pod"), so only the message is checked here; kctl keeps going, see below.
   */
  @Test
  void kubectlReportsAPortNothingListensOn() throws Exception {
    Daemon kubectl = start("kubectl-forward-closed", "/usr/bin/kubectl", "port-forward", "pod/" + POD,
        ":" + CLOSED_PORT);
    int port = Integer.parseInt(kubectl.awaitLine(
        "Forwarding from 127\\.0\\.0\\.1:(\\d+) -> " + CLOSED_PORT, ofSeconds(30)));

    assertThat(get("127.0.0.1", port)).isEmpty();
    await("kubectl ends its session after the error").atMost(ofSeconds(30)).until(() -> !kubectl.isAlive());

    assertThat(kubectl.tail()).containsPattern("an error occurred forwarding \\d+ -> " + CLOSED_PORT
        + ": error forwarding port " + CLOSED_PORT + " to pod \\S+, uid : dial tcp \\S+: connect: connection refused");
  }

  @Test
  void kctlForwardsRequestsAndSurvivesAPortNothingListensOn() throws Exception {
    Daemon kctl = start("kctl-forward", "kctl", "port-forward", POD, ":8080", ":" + CLOSED_PORT);
    int port = Integer.parseInt(kctl.awaitLine("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 8080", ofSeconds(30)));
    int closed = Integer.parseInt(kctl.awaitLine(
        "Forwarding from 127\\.0\\.0\\.1:(\\d+) -> " + CLOSED_PORT, ofSeconds(30)));

    assertAnswersRequests(port);
    assertThat(get("127.0.0.1", closed)).isEmpty();
    String error = kctl.awaitLine("(an error occurred forwarding \\d+ -> " + CLOSED_PORT + ": .*)", ofSeconds(30));

    assertThat(error).contains("error forwarding port " + CLOSED_PORT + " to pod ", "connection refused");
    assertThat(get("127.0.0.1", port)).as("a request after the failed one").startsWith("HTTP/1.1 200");
    assertThat(kctl.isAlive()).as(kctl.tail()).isTrue();
  }

  private void assertAnswersRequests(int port) throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(get("127.0.0.1", port)).startsWith("HTTP/1.1 200").contains("Hello from tomcat pod " + POD);
    }
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> getUnchecked(port));
    CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> getUnchecked(port));
    assertThat(List.of(first.get(), second.get())).allSatisfy(answer ->
        assertThat(answer).startsWith("HTTP/1.1 200").contains("Hello from tomcat pod " + POD));
  }

  private Daemon start(String name, String program, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(program, "--kubeconfig",
        home.resolve("server/admin.kubeconfig").toString()));
    command.addAll(List.of(args));
    // KletdCluster laid out a view of the build folders under home/root when the build has its own target name.
    Path root = Files.isDirectory(home.resolve("root")) ? home.resolve("root") : WalkingSkeletonIT.ROOT;
    Daemon daemon = Daemon.start(name, home, root, command);
    forwards.add(daemon);
    return daemon;
  }

  private static String getUnchecked(int port) {
    try {
      return get("127.0.0.1", port);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One GET / on a connection of its own, read until the server closes it. */
  private static String get(String host, int port) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
