package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.RestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The seed's flow with real processes: kctld and kletd started from bin/, the sample applied with
 * kctl and a second deployment with the real kubectl, the apps answering on their host ports,
 * both CLIs listing the pods, and deletion stopping the processes.
 */
class WalkingSkeletonIT {
  static final Path ROOT = Path.of(System.getProperty("kctl.root", "..")).toAbsolutePath().normalize();

  @TempDir Path home;
  final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void stopDaemons() {
    daemons.reversed().forEach(Daemon::close);
  }

  @Test
  void sampleRunsAsProcessesReachableAndListedByKctlAndKubectlThenDeletionStopsThem() throws Exception {
    Daemon kctld = start("kctld", "kctld", "--data-dir", home.resolve("server").toString(), "--listen", "127.0.0.1:0");
    String url = kctld.awaitLine("kctld serving on (https://\\S+);", ofSeconds(60));
    Path kubeconfig = home.resolve("server/admin.kubeconfig");
    Daemon kletd = start("kletd", "kletd", "--server", url,
        "--token-file", home.resolve("server/node-token").toString(),
        "--data-dir", home.resolve("node").toString(),
        "--node-name", "e2e-node",
        "--image-dir", ROOT.resolve("samples/target/images").toString(),
        "--host-port-range", "23000-23999");

    try (RestClient api = RestClient.connect(KubeConfig.load(kubeconfig))) {
      await("node e2e-node Ready").atMost(ofSeconds(60))
          .failFast("kletd exited:\n" + kletd.tail(), () -> !kletd.isAlive())
          .until(() -> isReady(api));

      kctl(kubeconfig, "apply", "-f", ROOT.resolve("samples/tomcat.yaml").toString())
          .assertSuccess(List.of("kctl apply"));
      Path second = home.resolve("tomcat-kubectl.yaml");
      Files.writeString(second, Files.readString(ROOT.resolve("samples/tomcat.yaml"))
          .replace("name: tomcat\n", "name: tomcat-kubectl\n").replace("app: tomcat", "app: tomcat-kubectl"));
      Commands.Result applied = Commands.run(home, Commands.of("kubectl", "--kubeconfig", kubeconfig.toString(),
          "apply", "-f", second.toString()), null).assertSuccess(List.of("kubectl apply"));
      assertThat(applied.stdout()).contains("deployment.apps/tomcat-kubectl created");

      await("four pods Running").atMost(ofSeconds(90)).until(() -> runningPods(api).size() == 4);
      Map<String, Long> pids = new HashMap<>();
      HttpClient http = HttpClient.newHttpClient();
      for (JsonNode pod : runningPods(api)) {
        String name = pod.path("metadata").path("name").asString("");
        int port = pod.path("spec").path("containers").get(0).path("ports").get(0).path("hostPort").asInt();
        String ip = pod.path("status").path("podIP").asString("");
        // Running means the process started; the app answers once Tomcat has bound its port
        // (there is no readiness probe in the sample yet).
        HttpRequest hello = HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + "/")).build();
        HttpResponse<String> reply = await("pod " + name + " answering on " + ip + ":" + port)
            .atMost(ofSeconds(60)).ignoreException(java.net.ConnectException.class)
            .until(() -> http.send(hello, HttpResponse.BodyHandlers.ofString()), r -> r != null);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("Hello from tomcat pod " + name);
        String containerId = pod.path("status").path("containerStatuses").get(0).path("containerID").asString("");
        pids.put(name, Long.parseLong(containerId.substring(containerId.lastIndexOf('/') + 1)));
      }
      assertThat(pids.values()).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());

      String kubectlPods = Commands.run(home, Commands.of("kubectl", "--kubeconfig", kubeconfig.toString(),
          "get", "pods"), null).assertSuccess(List.of("kubectl get pods")).stdout();
      String kctlPods = kctl(kubeconfig, "get", "pods").assertSuccess(List.of("kctl get pods")).stdout();
      for (String name : pids.keySet()) {
        assertThat(kubectlPods).containsPattern(name + "\\s+1/1\\s+Running");
        assertThat(kctlPods).containsPattern(name + "\\s+1/1\\s+Running");
      }

      String somePod = pids.keySet().iterator().next();
      assertThat(kctl(kubeconfig, "logs", somePod).assertSuccess(List.of("kctl logs")).stdout())
          .contains("tomcat listening");

      kctl(kubeconfig, "delete", "deployment", "tomcat").assertSuccess(List.of("kctl delete"));
      Commands.run(home, Commands.of("kubectl", "--kubeconfig", kubeconfig.toString(),
          "delete", "deployment", "tomcat-kubectl"), null).assertSuccess(List.of("kubectl delete"));
      await("pods gone from the API").atMost(ofSeconds(60)).until(() ->
          api.list(ResourceTypes.PODS, "default", ListOptions.NONE).path("items").isEmpty());
      await("processes gone").atMost(ofSeconds(60)).until(() ->
          pids.values().stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }
  }

  private Daemon start(String name, String... command) throws Exception {
    Daemon daemon = Daemon.start(name, home, ROOT, List.of(command));
    daemons.add(daemon);
    return daemon;
  }

  private Commands.Result kctl(Path kubeconfig, String... args) throws Exception {
    List<String> command = Commands.of(ROOT.resolve("bin/kctl").toString(), "--kubeconfig", kubeconfig.toString());
    command.addAll(List.of(args));
    return Commands.run(home, command, null);
  }

  private static boolean isReady(RestClient api) {
    for (JsonNode node : api.list(ResourceTypes.NODES, null, ListOptions.NONE).path("items")) {
      for (JsonNode c : node.path("status").path("conditions")) {
        if (c.path("type").asString("").equals("Ready") && c.path("status").asString("").equals("True")) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<JsonNode> runningPods(RestClient api) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode pod : api.list(ResourceTypes.PODS, "default", ListOptions.NONE).path("items")) {
      if (pod.path("status").path("phase").asString("").equals("Running")) {
        out.add(pod);
      }
    }
    return out;
  }
}
