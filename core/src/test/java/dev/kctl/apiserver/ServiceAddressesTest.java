package dev.kctl.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.codec.Json;
import dev.kctl.store.RocksStore;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class ServiceAddressesTest {
  @TempDir Path dir;
  RocksStore store;
  ApiService api;

  @BeforeEach
  void open() {
    store = RocksStore.open(dir);
    api = new ApiService(store, InstantSource.system());
    api.create(ResourceTypes.NAMESPACES, null, Json.parseObject("{\"metadata\":{\"name\":\"default\"}}"), WriteOptions.DEFAULT);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void servicesGetDistinctClusterIpsAndNodePortsInTheirRanges() {
    ObjectNode a = create("a", "NodePort", "");
    ObjectNode b = create("b", "ClusterIP", "");
    String ipA = a.path("spec").path("clusterIP").asString();
    String ipB = b.path("spec").path("clusterIP").asString();
    assertThat(ipA).startsWith("127.9").isNotEqualTo(ipB);
    assertThat(ServiceAddresses.parse(ipB)).isBetween(ServiceAddresses.FIRST_IP, ServiceAddresses.LAST_IP);
    assertThat(a.path("spec").path("ports").get(0).path("nodePort").asInt()).isBetween(30000, 32767);
    assertThat(b.path("spec").path("ports").get(0).has("nodePort")).isFalse();
  }

  @Test
  void aTakenOrOutOfRangeAddressIsInvalidAndAFreedOneIsReused() {
    String ip = create("a", "ClusterIP", "").path("spec").path("clusterIP").asString();
    assertThatThrownBy(() -> create("b", "ClusterIP", ip)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.reason()).isEqualTo(StatusReason.Invalid);
      assertThat(e.getMessage()).contains("spec.clusterIPs[0]", "already allocated");
    });
    assertThatThrownBy(() -> create("c", "ClusterIP", "10.0.0.1")).isInstanceOf(ApiException.class)
        .hasMessageContaining("not in the valid range");
    api.delete(ResourceTypes.SERVICES, "default", "a", dev.kctl.client.DeleteOptions.DEFAULT, WriteOptions.DEFAULT);
    assertThat(create("b", "ClusterIP", ip).path("spec").path("clusterIP").asString()).isEqualTo(ip);
  }

  @Test
  void anUpdateKeepsTheAddressesAndCannotChangeTheClusterIp() {
    ObjectNode created = create("a", "NodePort", "");
    ObjectNode update = Json.parseObject("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},
         "spec":{"type":"NodePort","selector":{"app":"x"},"ports":[{"port":80,"targetPort":8080}]}}""");
    ObjectNode updated = api.update(ResourceTypes.SERVICES, "default", "a", update, "", WriteOptions.DEFAULT);
    assertThat(updated.path("spec").path("clusterIP")).isEqualTo(created.path("spec").path("clusterIP"));
    assertThat(updated.path("spec").path("ports").get(0).path("nodePort"))
        .isEqualTo(created.path("spec").path("ports").get(0).path("nodePort"));
    ((ObjectNode) update.get("spec")).put("clusterIP", "127.96.9.9");
    assertThatThrownBy(() -> api.update(ResourceTypes.SERVICES, "default", "a", update, "", WriteOptions.DEFAULT))
        .hasMessageContaining("field is immutable");
  }

  private ObjectNode create(String name, String type, String clusterIp) {
    return api.create(ResourceTypes.SERVICES, "default", Json.parseObject("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s"},
         "spec":{"type":"%s",%s"selector":{"app":"x"},"ports":[{"port":80,"targetPort":8080}]}}
        """.formatted(name, type, clusterIp.isEmpty() ? "" : "\"clusterIP\":\"" + clusterIp + "\",")), WriteOptions.DEFAULT);
  }
}
