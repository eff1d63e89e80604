package dev.kctl.kletd.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.client.Client;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.ListOptions;
import dev.kctl.client.LogOptions;
import dev.kctl.client.PatchType;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchHandler;
import dev.kctl.codec.Json;
import dev.kctl.kletd.FakeTime;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class NodeHeartbeatTest {
  private final FakeTime time = new FakeTime();
  private final FakeClient client = new FakeClient();
  private final NodeRegistration node = new NodeRegistration(client,
      new NodeRegistration.Identity("node-1", "box", "10.0.0.5", 10250, "20000-29999"),
      new HostInfo(2, 1000, "Linux", "6.1", "amd64", "", ""), time);

  @Test
  void createsTheLeaseThenRenewsItEveryTickAndSendsTheStatusEveryMinute() {
    node.register();
    NodeHeartbeat heartbeat = new NodeHeartbeat(node, new NodeLease(client, "node-1", time), time);
    client.statusPatches = 0;

    time.advance(Duration.ofSeconds(10));
    heartbeat.tick();

    ObjectNode lease = client.objects.get("leases/kube-node-lease/node-1");
    assertThat(lease.path("apiVersion").asString()).isEqualTo("coordination.k8s.io/v1");
    assertThat(lease.path("spec").path("holderIdentity").asString()).isEqualTo("node-1");
    assertThat(lease.path("spec").path("leaseDurationSeconds").asInt()).isEqualTo(40);
    assertThat(lease.path("spec").path("renewTime").asString()).isEqualTo("2026-01-01T00:00:10.000000Z");
    assertThat(lease.path("metadata").path("ownerReferences").get(0).path("uid").asString()).isEqualTo("node-uid");

    for (int i = 0; i < 5; i++) {
      time.advance(Duration.ofSeconds(10));
      heartbeat.tick();
    }
    assertThat(client.objects.get("leases/kube-node-lease/node-1").path("spec").path("renewTime").asString())
        .isEqualTo("2026-01-01T00:01:00.000000Z");
    assertThat(client.statusPatches).as("one status a minute").isEqualTo(1);
    assertThat(client.lastStatus.path("conditions").get(0).path("lastHeartbeatTime").asString())
        .isEqualTo("2026-01-01T00:01:00Z");
  }

  @Test
  void whenTheLeaseIsRefusedTheStatusCarriesEveryHeartbeat() {
    node.register();
    client.leasesForbidden = true;
    NodeHeartbeat heartbeat = new NodeHeartbeat(node, new NodeLease(client, "node-1", time), time);
    client.statusPatches = 0;

    for (int i = 0; i < 3; i++) {
      time.advance(Duration.ofSeconds(10));
      heartbeat.tick();
    }

    assertThat(client.statusPatches).isEqualTo(3);
  }

  /** Nodes and Leases in a map; what the heartbeat does not use is unsupported. */
  static final class FakeClient implements Client {
    final Map<String, ObjectNode> objects = new HashMap<>();
    boolean leasesForbidden;
    int statusPatches;
    JsonNode lastStatus;

    private static String key(ResourceType type, String namespace, String name) {
      return type.resource() + "/" + (namespace == null ? "" : namespace + "/") + name;
    }

    private void check(ResourceType type) {
      if (leasesForbidden && type.resource().equals("leases")) {
        throw new ApiException(StatusReason.Forbidden, "leases are forbidden");
      }
    }

    @Override
    public ObjectNode get(ResourceType type, String namespace, String name) {
      check(type);
      ObjectNode o = objects.get(key(type, namespace, name));
      if (o == null) {
        throw new ApiException(StatusReason.NotFound, type.resource() + " \"" + name + "\" not found");
      }
      return o.deepCopy();
    }

    @Override
    public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
      check(type);
      ObjectNode copy = object.deepCopy();
      ((ObjectNode) copy.path("metadata")).put("uid", type.resource().equals("nodes") ? "node-uid" : "lease-uid");
      objects.put(key(type, namespace, copy.path("metadata").path("name").asString()), copy);
      return copy;
    }

    @Override
    public ObjectNode update(ResourceType type, ObjectNode object) {
      check(type);
      objects.put(key(type, object.path("metadata").path("namespace").asString(null),
          object.path("metadata").path("name").asString()), object.deepCopy());
      return object;
    }

    @Override
    public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType, JsonNode patch,
        String subresource) {
      statusPatches++;
      lastStatus = patch.path("status");
      return get(type, namespace, name);
    }

    @Override
    public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode table(ResourceType type, String namespace, String name, ListOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode updateStatus(ResourceType type, ObjectNode object) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode createSubresource(ResourceType type, String namespace, String name, String subresource,
        ObjectNode body) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Watch watch(ResourceType type, String namespace, ListOptions options, WatchHandler handler) {
      throw new UnsupportedOperationException();
    }

    @Override
    public InputStream logs(String namespace, String pod, LogOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
