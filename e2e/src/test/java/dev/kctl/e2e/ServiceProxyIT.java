package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.RestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * kletd's service proxy with real processes: a NodePort Service in front of two Tomcat pods
 * answers on its clusterIP from both pods and on its nodePort, and a pod started afterwards sees
 * the Service's environment variables.
 */
class ServiceProxyIT {
  static final Path ROOT = WalkingSkeletonIT.ROOT;
  static final Pattern POD_NAME = Pattern.compile("Hello from tomcat pod (\\S+)");
  static final String MANIFEST = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: tomcat-svc
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: tomcat-svc
        template:
          metadata:
            labels:
              app: tomcat-svc
          spec:
            containers:
              - name: tomcat
                image: tomcat
                ports:
                  - name: http
                    containerPort: 8080
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: tomcat-svc
      spec:
        type: NodePort
        selector:
          app: tomcat-svc
        ports:
          - name: web
            port: 80
            targetPort: http
      """;
  static final String ENV_POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: env-check
      spec:
        restartPolicy: Never
        containers:
          - name: sh
            image: /bin/sh
            command: ["/bin/sh", "-c", "echo host=$TOMCAT_SVC_SERVICE_HOST port=$TOMCAT_SVC_SERVICE_PORT_WEB"]
      """;

  @TempDir Path home;
  final List<Daemon> daemons = new ArrayList<>();
  Path kubeconfig;

  @AfterEach
  void stop() throws Exception {
    if (kubeconfig != null && daemons.stream().allMatch(Daemon::isAlive)) {
      // kletd leaves container processes running for its successor: stop them through the API
      kubectl("delete", "deployment", "tomcat-svc", "--ignore-not-found");
      kubectl("delete", "pod", "env-check", "--ignore-not-found");
      try (RestClient api = RestClient.connect(KubeConfig.load(kubeconfig))) {
        await("pods deleted").atMost(ofSeconds(30)).until(() ->
            api.list(ResourceTypes.PODS, "default", ListOptions.NONE).path("items").isEmpty());
      }
    }
    daemons.reversed().forEach(Daemon::close);
  }

  @Test
  void aNodePortServiceBalancesAcrossItsPodsOnClusterIpAndNodePortAndPodsSeeItsVariables() throws Exception {
    Daemon kctld = start("kctld", "kctld", "--data-dir", home.resolve("server").toString(), "--listen", "127.0.0.1:0");
    String url = kctld.awaitLine("kctld serving on (https://\\S+);", ofSeconds(60));
    kubeconfig = home.resolve("server/admin.kubeconfig");
    Daemon kletd = start("kletd", "kletd", "--server", url,
        "--token-file", home.resolve("server/node-token").toString(),
        "--data-dir", home.resolve("node").toString(),
        "--node-name", "proxy-node",
        "--image-dir", ROOT.resolve("samples/target/images").toString(),
        "--host-port-range", "24100-24199");

    try (RestClient api = RestClient.connect(KubeConfig.load(kubeconfig))) {
      await("node proxy-node registered").atMost(ofSeconds(60))
          .failFast("kletd exited:\n" + kletd.tail(), () -> !kletd.isAlive())
          .until(() -> !api.list(ResourceTypes.NODES, null, ListOptions.NONE).path("items").isEmpty());
      Path manifest = home.resolve("tomcat-svc.yaml");
      Files.writeString(manifest, MANIFEST);
      assertThat(kubectl("apply", "-f", manifest.toString()).assertSuccess(List.of("kubectl apply")).stdout())
          .contains("service/tomcat-svc created");

      JsonNode service = await("the API server to allocate a clusterIP and nodePort for service tomcat-svc")
          .atMost(ofSeconds(20))
          .until(() -> api.get(ResourceTypes.SERVICES, "default", "tomcat-svc"),
              s -> !s.path("spec").path("clusterIP").asString("").isEmpty()
                  && s.path("spec").path("ports").get(0).path("nodePort").asInt(0) > 0);
      String clusterIp = service.path("spec").path("clusterIP").asString("");
      int nodePort = service.path("spec").path("ports").get(0).path("nodePort").asInt();
      assertThat(clusterIp).startsWith("127.");

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      URI viaClusterIp = URI.create("http://" + clusterIp + ":80/");
      Set<String> seen = new HashSet<>();
      await("both tomcat-svc pods answering through " + viaClusterIp).atMost(ofSeconds(90))
          .failFast("kletd exited:\n" + kletd.tail(), () -> !kletd.isAlive())
          .pollInterval(Duration.ofMillis(500))
          .until(() -> {
            for (int i = 0; i < 10; i++) {
              hello(http, viaClusterIp).ifPresent(seen::add);
            }
            return seen.size() == 2;
          });
      assertThat(seen).allSatisfy(name -> assertThat(name).startsWith("tomcat-svc-"));

      URI viaNodePort = URI.create("http://127.0.0.1:" + nodePort + "/");
      assertThat(hello(http, viaNodePort)).as("answer on the nodePort %s", viaNodePort).isPresent()
          .get().isIn(seen);

      Path envPod = home.resolve("env-check.yaml");
      Files.writeString(envPod, ENV_POD);
      kubectl("apply", "-f", envPod.toString()).assertSuccess(List.of("kubectl apply env-check"));
      String log = await("pod env-check printing its service variables").atMost(ofSeconds(30))
          .until(() -> kubectl("logs", "env-check").stdout(), out -> out.contains("host="));
      assertThat(log).contains("host=" + clusterIp + " port=80");
    }
  }

  /** The pod name in the sample app's answer; empty when the connection fails or is closed. */
  private static java.util.Optional<String> hello(HttpClient http, URI uri) throws InterruptedException {
    try {
      HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = POD_NAME.matcher(reply.body());
      return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private Daemon start(String name, String... command) throws Exception {
    Daemon daemon = Daemon.start(name, home, ROOT, List.of(command));
    daemons.add(daemon);
    return daemon;
  }

  private Commands.Result kubectl(String... args) throws Exception {
    List<String> command = Commands.of("kubectl", "--kubeconfig", kubeconfig.toString());
    command.addAll(List.of(args));
    return Commands.run(home, command, null);
  }
}
