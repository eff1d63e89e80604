package dev.kctl.it;

import static dev.kctl.api.ResourceTypes.DAEMONSETS;
import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.ENDPOINTS;
import static dev.kctl.api.ResourceTypes.ENDPOINTSLICES;
import static dev.kctl.api.ResourceTypes.JOBS;
import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.SERVICES;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.client.ListOptions;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Jobs, DaemonSets and Endpoints through the real API server, on three simulated nodes. */
class WorkloadControllersTest {
  @TempDir static Path dir;
  static Cluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = Cluster.start(dir, "wl-node-", 3, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ObjectNode job(String name, String extraSpec, String exitCode) {
    String annotations = exitCode == null ? "{}" : "{\"%s\":\"%s\"}".formatted(SimulatedNodes.EXIT_CODE, exitCode);
    return Json.parseObject("""
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"%s"},
         "spec":{%s"template":{"metadata":{"annotations":%s},
                 "spec":{"restartPolicy":"Never","containers":[{"name":"work","image":"busybox",
                         "resources":{"requests":{"cpu":"10m"}}}]}}}}
        """.formatted(name, extraSpec, annotations));
  }

  private JsonNode condition(ObjectNode object, String type) {
    for (JsonNode c : object.path("status").path("conditions")) {
      if (c.path("type").asString("").equals(type) && c.path("status").asString("").equals("True")) {
        return c;
      }
    }
    return null;
  }

  @Test
  void jobRunsPodsToItsCompletionsAndIsComplete() {
    String ns = cluster.namespace("job-complete");
    cluster.client.create(JOBS, ns, job("batch", "\"completions\":3,\"parallelism\":2,", "0"));

    await("job batch complete").atMost(ofSeconds(15)).until(() -> condition(cluster.client.get(JOBS, ns, "batch"), "Complete") != null);
    ObjectNode done = cluster.client.get(JOBS, ns, "batch");
    assertThat(done.path("status").path("succeeded").asInt()).isEqualTo(3);
    assertThat(done.path("status").path("active").asInt()).isZero();
    assertThat(done.path("status").path("failed").asInt()).isZero();
    assertThat(done.path("status").path("startTime").asString("")).isNotEmpty();
    assertThat(done.path("status").path("completionTime").asString("")).isNotEmpty();
    assertThat(cluster.items(PODS, ns)).hasSize(3);
    await("events").atMost(ofSeconds(5)).until(() -> cluster.eventReasons(ns).containsAll(List.of("SuccessfulCreate", "Completed")));
  }

  @Test
  void jobFailsOnceMoreThanBackoffLimitPodsFailed() {
    String ns = cluster.namespace("job-fail");
    cluster.client.create(JOBS, ns, job("flaky", "\"backoffLimit\":1,", "1"));

    // the second pod comes 10 s after the first failed: kube's pod-failure back-off
    await("job flaky failed").atMost(ofSeconds(40)).until(() -> condition(cluster.client.get(JOBS, ns, "flaky"), "Failed") != null);
    ObjectNode failed = cluster.client.get(JOBS, ns, "flaky");
    assertThat(condition(failed, "Failed").path("reason").asString()).isEqualTo("BackoffLimitExceeded");
    assertThat(failed.path("status").path("failed").asInt()).isEqualTo(2);
    List<java.time.Instant> created = cluster.items(PODS, ns).stream()
        .map(p -> dev.kctl.api.Timestamps.parse(p.path("metadata").path("creationTimestamp").asString())).sorted().toList();
    assertThat(created).hasSize(2);
    assertThat(java.time.Duration.between(created.get(0), created.get(1))).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(10));
    await("event").atMost(ofSeconds(5)).until(() -> cluster.eventReasons(ns).contains("BackoffLimitExceeded"));
  }

  @Test
  void jobActiveLongerThanItsDeadlineFailsAndLosesItsPods() {
    String ns = cluster.namespace("job-deadline");
    cluster.client.create(JOBS, ns, job("slow", "\"activeDeadlineSeconds\":1,", null));

    await("job slow failed").atMost(ofSeconds(15)).until(() -> condition(cluster.client.get(JOBS, ns, "slow"), "Failed") != null);
    assertThat(condition(cluster.client.get(JOBS, ns, "slow"), "Failed").path("reason").asString()).isEqualTo("DeadlineExceeded");
    await("pods of slow gone").atMost(ofSeconds(10)).until(() -> cluster.items(PODS, ns).isEmpty());
  }

  @Test
  void finishedJobIsDeletedAfterItsTtl() {
    String ns = cluster.namespace("job-ttl");
    cluster.client.create(JOBS, ns, job("brief", "\"ttlSecondsAfterFinished\":1,", "0"));

    await("job brief deleted").atMost(ofSeconds(15)).until(() -> cluster.items(JOBS, ns).isEmpty());
    await("its pod too").atMost(ofSeconds(10)).until(() -> cluster.items(PODS, ns).isEmpty());
  }

  @Test
  void daemonSetRunsOnePodPerNodeAndRollsOutANewTemplate() {
    String ns = cluster.namespace("daemons");
    cluster.client.create(DAEMONSETS, ns, Json.parseObject("""
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
         "spec":{"selector":{"matchLabels":{"app":"agent"}},
                 "template":{"metadata":{"labels":{"app":"agent"}},
                             "spec":{"nodeSelector":{"type":"simulated"},
                                     "containers":[{"name":"agent","image":"agent:1","ports":[{"containerPort":9100}],
                                                    "resources":{"requests":{"cpu":"10m"}}}]}}}}"""));

    await("agent on every node").atMost(ofSeconds(15)).until(() -> {
      JsonNode s = cluster.client.get(DAEMONSETS, ns, "agent").path("status");
      return s.path("desiredNumberScheduled").asInt() == 3 && s.path("numberReady").asInt() == 3
          && s.path("currentNumberScheduled").asInt() == 3 && s.path("numberAvailable").asInt() == 3
          && s.path("updatedNumberScheduled").asInt() == 3;
    });
    Set<String> placed = new HashSet<>();
    cluster.items(PODS, ns).forEach(p -> placed.add(p.path("spec").path("nodeName").asString("")));
    assertThat(placed).containsExactlyInAnyOrderElementsOf(cluster.nodes.names());
    assertThat(cluster.items(PODS, ns)).allSatisfy(p -> assertThat(p.path("spec").path("containers").get(0)
        .path("ports").get(0).path("hostPort").asInt()).isBetween(22000, 22999));

    cluster.client.patch(DAEMONSETS, ns, "agent", PatchType.STRATEGIC_MERGE, Json.parseObject("""
        {"spec":{"template":{"spec":{"containers":[{"name":"agent","image":"agent:2"}]}}}}"""), null);

    await("agent:2 on every node").atMost(ofSeconds(15)).until(() -> {
      List<ObjectNode> pods = cluster.items(PODS, ns);
      JsonNode s = cluster.client.get(DAEMONSETS, ns, "agent").path("status");
      return pods.size() == 3 && s.path("updatedNumberScheduled").asInt() == 3 && s.path("numberAvailable").asInt() == 3
          && pods.stream().allMatch(p -> p.path("spec").path("containers").get(0).path("image").asString("").equals("agent:2"));
    });
  }

  @Test
  void endpointsListReadyAndNotReadyPodsWithTheirHostPorts() {
    String ns = cluster.namespace("endpoints");
    cluster.client.create(DEPLOYMENTS, ns, Manifests.deployment("web", 2));
    cluster.client.create(SERVICES, ns, Json.parseObject("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"tier":"front"}},
         "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"}]}}"""));
    ObjectNode straggler = Json.parseObject("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-warming","labels":{"app":"web"},
                                                 "annotations":{"%s":"true"}},
         "spec":{"containers":[{"name":"app","image":"tomcat","ports":[{"containerPort":8080,"name":"http"}]}]}}"""
        .formatted(SimulatedNodes.NOT_READY));
    cluster.client.create(PODS, ns, straggler);

    await("endpoints of web").atMost(ofSeconds(15)).until(() -> addresses(ns, "addresses").size() == 2
        && addresses(ns, "notReadyAddresses").size() == 1);
    for (JsonNode subset : cluster.client.get(ENDPOINTS, ns, "web").path("subsets")) {
      for (String field : List.of("addresses", "notReadyAddresses")) {
        for (JsonNode a : subset.path(field)) {
          ObjectNode pod = cluster.client.get(PODS, ns, a.path("targetRef").path("name").asString());
          int hostPort = pod.path("spec").path("containers").get(0).path("ports").get(0).path("hostPort").asInt();
          assertThat(subset.path("ports").get(0).path("port").asInt()).isEqualTo(hostPort).isBetween(22000, 22999);
          assertThat(subset.path("ports").get(0).path("name").asString()).isEqualTo("http");
          assertThat(a.path("ip").asString()).isEqualTo(SimulatedNodes.IP);
          assertThat(a.path("nodeName").asString()).isEqualTo(pod.path("spec").path("nodeName").asString());
        }
      }
    }
    List<ObjectNode> slices = cluster.items(ENDPOINTSLICES, ns, ListOptions.NONE.withLabelSelector("kubernetes.io/service-name=web"));
    assertThat(slices.stream().mapToInt(s -> s.path("endpoints").size()).sum()).isEqualTo(3);
    assertThat(slices).allSatisfy(s -> assertThat(s.path("addressType").asString()).isEqualTo("IPv4"));

    cluster.client.delete(SERVICES, ns, "web");
    await("endpoints and slices removed with the service").atMost(ofSeconds(10)).until(() -> {
      try {
        cluster.client.get(ENDPOINTS, ns, "web");
        return false;
      } catch (ApiException e) {
        return cluster.items(ENDPOINTSLICES, ns).isEmpty();
      }
    });
  }

  private List<JsonNode> addresses(String ns, String field) {
    try {
      List<JsonNode> out = new java.util.ArrayList<>();
      cluster.client.get(ENDPOINTS, ns, "web").path("subsets").forEach(s -> s.path(field).forEach(out::add));
      return out;
    } catch (ApiException e) {
      return List.of();
    }
  }
}
