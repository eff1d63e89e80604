package dev.kctl.it;

import static dev.kctl.api.ResourceTypes.ENDPOINTS;
import static dev.kctl.api.ResourceTypes.ENDPOINTSLICES;
import static dev.kctl.api.ResourceTypes.SERVICES;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ApiException;
import dev.kctl.codec.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The API server's own Service, default/kubernetes, as kctld keeps it. */
class KubernetesServiceTest {
  @TempDir static Path dir;
  static Cluster cluster;
  static int apiPort;

  @BeforeAll
  static void start() throws Exception {
    cluster = Cluster.start(dir, "svc-node-", 0, Duration.ofSeconds(5));
    apiPort = URI.create(cluster.plane.url()).getPort();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void kctldServesItselfAsServiceKubernetesOnTheFirstClusterIpWithItsRealPort() {
    ObjectNode service = cluster.client.get(SERVICES, "default", "kubernetes");

    assertThat(service.path("spec").path("clusterIP").asString()).isEqualTo("127.96.0.1");
    assertThat(service.path("spec").path("type").asString()).isEqualTo("ClusterIP");
    assertThat(service.path("spec").has("selector")).isFalse();
    JsonNode port = service.path("spec").path("ports").get(0);
    assertThat(port.path("name").asString()).isEqualTo("https");
    assertThat(port.path("port").asInt()).isEqualTo(443);
    assertThat(port.path("protocol").asString()).isEqualTo("TCP");
    assertThat(port.path("targetPort").asInt()).isEqualTo(apiPort);
    assertThat(service.path("metadata").path("labels").path("provider").asString()).isEqualTo("kubernetes");

    JsonNode endpoints = await("endpoints default/kubernetes").atMost(ofSeconds(10))
        .until(() -> find(ENDPOINTS), e -> e != null);
    JsonNode subset = endpoints.path("subsets").get(0);
    assertThat(subset.path("addresses").get(0).path("ip").asString()).isEqualTo("127.0.0.1");
    assertThat(subset.path("ports").get(0).path("port").asInt()).isEqualTo(apiPort);
    assertThat(subset.path("ports").get(0).path("name").asString()).isEqualTo("https");

    ObjectNode table = cluster.client.table(SERVICES, "default", "kubernetes", dev.kctl.client.ListOptions.NONE);
    assertThat(table.path("rows").get(0).path("cells").toString()).contains("\"kubernetes\"", "\"ClusterIP\"",
        "\"127.96.0.1\"", "\"443/TCP\"");
  }

  @Test
  void aUserServiceGetsAnotherAddressAndTheServiceAndItsEndpointsComeBackAfterDeletion() {
    ObjectNode web = cluster.client.create(SERVICES, "default", Json.parseObject("""
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
         "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}"""));
    assertThat(web.path("spec").path("clusterIP").asString()).isNotEqualTo("127.96.0.1");
    await("endpoints default/kubernetes").atMost(ofSeconds(10)).until(() -> find(ENDPOINTS) != null);
    String uid = cluster.client.get(SERVICES, "default", "kubernetes").path("metadata").path("uid").asString();

    cluster.client.delete(SERVICES, "default", "kubernetes");

    ObjectNode again = await("service default/kubernetes made again").atMost(ofSeconds(10))
        .until(() -> find(SERVICES), s -> s != null && !s.path("metadata").path("uid").asString().equals(uid));
    assertThat(again.path("spec").path("clusterIP").asString()).isEqualTo("127.96.0.1");
    assertThat(again.path("spec").path("ports").get(0).path("targetPort").asInt()).isEqualTo(apiPort);
    await("endpoints default/kubernetes after the service came back").atMost(ofSeconds(10))
        .until(() -> find(ENDPOINTS), e -> e != null && e.path("subsets").get(0).path("ports").get(0)
            .path("port").asInt() == apiPort);

    cluster.client.delete(ENDPOINTS, "default", "kubernetes");
    await("endpoints default/kubernetes made again").atMost(ofSeconds(10)).until(() -> find(ENDPOINTS) != null);
    cluster.client.delete(ENDPOINTSLICES, "default", "kubernetes");
    await("endpointslice default/kubernetes made again").atMost(ofSeconds(10))
        .until(() -> find(ENDPOINTSLICES) != null);
    cluster.client.delete(SERVICES, "default", "web");
  }

  @Test
  void aChangedPortIsPutBack() {
    ObjectNode service = cluster.client.get(SERVICES, "default", "kubernetes");
    ((ObjectNode) service.path("spec").path("ports").get(0)).put("port", 8443);

    cluster.client.update(SERVICES, service);

    await("port 443 restored").atMost(ofSeconds(10)).until(() -> find(SERVICES),
        s -> s != null && s.path("spec").path("ports").get(0).path("port").asInt() == 443);
  }

  private static ObjectNode find(dev.kctl.api.ResourceType type) {
    try {
      return cluster.client.get(type, "default", "kubernetes");
    } catch (ApiException e) {
      return null;
    }
  }
}
