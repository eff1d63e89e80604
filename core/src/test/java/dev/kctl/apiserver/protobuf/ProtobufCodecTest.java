package dev.kctl.apiserver.protobuf;

import static dev.kctl.apiserver.protobuf.ProtobufWriter.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.codec.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Bodies written field by field, for what kubectl's golden bodies do not show. */
class ProtobufCodecTest {
  /** 2024-03-01T12:30:45Z. */
  private static final long SECONDS = 1_709_296_245L;

  @Test
  void decodesAPodThroughEmbeddedStructsMapsAndPointers() {
    ProtobufWriter container = new ProtobufWriter()
        .string(1, "web").string(2, "tomcat")
        .message(6, new ProtobufWriter().string(1, "http").varint(2, 0).varint(3, 8080))
        .message(7, new ProtobufWriter().string(1, "MODE").string(2, "fast"))
        .message(7, new ProtobufWriter().string(1, "GREETING").message(3, new ProtobufWriter()
            .message(3, new ProtobufWriter().message(1, new ProtobufWriter().string(1, "settings")).string(2, "greeting"))))
        .message(8, new ProtobufWriter()
            .entry(1, "memory", new ProtobufWriter().string(1, "128Mi"))
            .entry(2, "cpu", new ProtobufWriter().string(1, "500m")))
        .message(10, new ProtobufWriter()
            .message(1, new ProtobufWriter().message(2, new ProtobufWriter()
                .string(1, "/healthz").message(2, new ProtobufWriter().varint(1, 1).varint(2, 0).string(3, "http"))))
            .varint(2, 5).varint(3, 0));
    ProtobufWriter spec = new ProtobufWriter()
        .message(1, new ProtobufWriter().string(1, "config").message(2, new ProtobufWriter()
            .message(19, new ProtobufWriter().message(1, new ProtobufWriter().string(1, "settings")).varint(3, 0644))))
        .message(1, new ProtobufWriter().string(1, "scratch").message(2, new ProtobufWriter()
            .message(2, new ProtobufWriter().string(1, ""))))
        .message(2, container)
        .varint(4, 0)
        .string(10, "")
        .message(14, new ProtobufWriter().varint(2, 0))
        .varint(25, -5)
        .string(41, "a field newer than the schema data");
    ProtobufWriter pod = new ProtobufWriter()
        .message(1, new ProtobufWriter()
            .string(1, "web-0").string(3, "default").varint(7, 0)
            .message(8, new ProtobufWriter().varint(1, SECONDS))
            .entry(11, "app", "web")
            .message(13, new ProtobufWriter()
                .string(1, "ReplicaSet").string(3, "web-abc").string(4, "uid-1").string(5, "apps/v1").bool(6, true)))
        .message(2, spec);

    ObjectNode decoded = ProtobufCodec.decode(envelope("v1", "Pod", pod));

    assertThat(decoded).isEqualTo(Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": "2024-03-01T12:30:45Z",
           "labels": {"app": "web"},
           "ownerReferences": [{"kind": "ReplicaSet", "name": "web-abc", "uid": "uid-1", "apiVersion": "apps/v1",
             "controller": true}]},
         "spec": {
           "volumes": [
             {"name": "config", "configMap": {"name": "settings", "defaultMode": 420}},
             {"name": "scratch", "emptyDir": {}}],
           "containers": [{
             "name": "web", "image": "tomcat",
             "ports": [{"name": "http", "containerPort": 8080}],
             "env": [
               {"name": "MODE", "value": "fast"},
               {"name": "GREETING", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "greeting"}}}],
             "resources": {"limits": {"memory": "128Mi"}, "requests": {"cpu": "500m"}},
             "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "initialDelaySeconds": 5}}],
           "terminationGracePeriodSeconds": 0,
           "securityContext": {"runAsUser": 0},
           "priority": -5}}
        """));
  }

  @Test
  void decodesDeleteOptionsOfAnyGroupVersionKeepingAZeroGracePeriod() {
    ProtobufWriter options = new ProtobufWriter()
        .varint(1, 0)
        .message(2, new ProtobufWriter().string(1, "uid-1"))
        .string(4, "Foreground")
        .string(5, "All");

    assertThat(ProtobufCodec.decode(envelope("apps/v1", "DeleteOptions", options))).isEqualTo(Json.parseObject("""
        {"apiVersion": "apps/v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0,
         "preconditions": {"uid": "uid-1"}, "propagationPolicy": "Foreground", "dryRun": ["All"]}
        """));
  }

  @Test
  void decodesAScale() {
    ProtobufWriter scale = new ProtobufWriter()
        .message(1, new ProtobufWriter().string(1, "web").string(3, "default"))
        .message(2, new ProtobufWriter().varint(1, 5))
        .message(3, new ProtobufWriter().varint(1, 3).string(2, "app=web"));

    assertThat(ProtobufCodec.decode(envelope("autoscaling/v1", "Scale", scale))).isEqualTo(Json.parseObject("""
        {"apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": {"name": "web", "namespace": "default"},
         "spec": {"replicas": 5}, "status": {"replicas": 3, "selector": "app=web"}}
        """));
  }

  @Test
  void keepsARequiredZeroAndAZeroIntOrStringOfAPointer() {
    ProtobufWriter replicaSet = new ProtobufWriter()
        .message(1, new ProtobufWriter().string(1, "web-abc"))
        .message(3, new ProtobufWriter().varint(1, 0).varint(2, 0));
    ProtobufWriter deployment = new ProtobufWriter()
        .message(2, new ProtobufWriter().message(4, new ProtobufWriter()
            .string(1, "RollingUpdate")
            .message(2, new ProtobufWriter()
                .message(1, new ProtobufWriter().varint(1, 1).varint(2, 0).string(3, "25%"))
                .message(2, new ProtobufWriter().varint(1, 0).varint(2, 0).string(3, "")))));

    assertThat(ProtobufCodec.decode(envelope("apps/v1", "ReplicaSet", replicaSet)).path("status"))
        .isEqualTo(Json.parseObject("{\"replicas\": 0}"));
    assertThat(ProtobufCodec.decode(envelope("apps/v1", "Deployment", deployment)).at("/spec/strategy"))
        .isEqualTo(Json.parseObject("""
            {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 0}}
            """));
  }

  @Test
  void readsRepeatedNumbersPackedAndUnpacked() {
    ProtobufWriter rule = new ProtobufWriter().string(1, "FailJob").message(2, new ProtobufWriter()
        .string(2, "In").packed(3, 1, 2).varint(3, 42));
    ProtobufWriter job = new ProtobufWriter().message(2, new ProtobufWriter()
        .varint(1, 0)
        .message(11, new ProtobufWriter().message(1, rule)));

    ObjectNode spec = (ObjectNode) ProtobufCodec.decode(envelope("batch/v1", "Job", job)).path("spec");

    assertThat(spec.path("parallelism").asInt(-1)).isZero();
    assertThat(spec.at("/podFailurePolicy/rules/0")).isEqualTo(Json.parseObject("""
        {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [1, 2, 42]}}
        """));
  }

  @Test
  void writesMicroTimesToTheMicrosecondAndLeavesEmptyTimesOut() {
    ProtobufWriter lease = new ProtobufWriter()
        .message(1, new ProtobufWriter().string(1, "kctld").message(8, new ProtobufWriter()))
        .message(2, new ProtobufWriter()
            .string(1, "node-a").varint(2, 40)
            .message(4, new ProtobufWriter().varint(1, SECONDS).varint(2, 123_456_789)));

    ObjectNode decoded = ProtobufCodec.decode(envelope("coordination.k8s.io/v1", "Lease", lease));

    assertThat(decoded.path("metadata").has("creationTimestamp")).isFalse();
    assertThat(decoded.at("/spec/renewTime").asString()).isEqualTo("2024-03-01T12:30:45.123456Z");
  }

  @Test
  void refusesABodyWithoutTheMagicBytes() {
    byte[] json = "{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ProtobufCodec.decode(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magic bytes");
  }

  @Test
  void refusesAKindTheSchemaDataDoesNotHave() {
    assertThatThrownBy(() -> ProtobufCodec.decode(envelope("rbac.authorization.k8s.io/v1", "Role", new ProtobufWriter())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown kind Role of rbac.authorization.k8s.io/v1");
  }

  @Test
  void namesTheMessageOfAFieldCutShort() {
    byte[] body = envelope("v1", "Namespace", new ProtobufWriter().message(1, new ProtobufWriter().string(1, "team-a")));
    // The envelope's last field (contentType, 2 bytes) follows the raw message; corrupt the name's length instead.
    int nameLength = indexOf(body, "team-a".getBytes(StandardCharsets.UTF_8)) - 1;
    body[nameLength] = 60;

    assertThatThrownBy(() -> ProtobufCodec.decode(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated field 1 in message io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  }

  @Test
  void refusesAFieldOfTheWrongWireType() {
    ProtobufWriter namespace = new ProtobufWriter().message(1, new ProtobufWriter().varint(1, 7));

    assertThatThrownBy(() -> ProtobufCodec.decode(envelope("v1", "Namespace", namespace)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field name (1) of message io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta has wire type 0");
  }

  @Test
  void refusesAVolumeSourceItCannotDescribe() {
    ProtobufWriter pod = new ProtobufWriter().message(2, new ProtobufWriter()
        .message(1, new ProtobufWriter().string(1, "share").message(2, new ProtobufWriter()
            .message(7, new ProtobufWriter().string(1, "nfs.example").string(2, "/export")))));

    assertThatThrownBy(() -> ProtobufCodec.decode(envelope("v1", "Pod", pod)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field nfs (7)")
        .hasMessageContaining("send this object as JSON");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }
}
