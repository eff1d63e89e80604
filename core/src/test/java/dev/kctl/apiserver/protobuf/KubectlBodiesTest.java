package dev.kctl.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies that kubectl v1.32.4 sent, captured once and kept as golden files (see README.md
 * beside them): each decodes to the object that the same command would have sent as JSON, without
 * the zero values that JSON leaves out.
 */
class KubectlBodiesTest {

  @Test
  void createNamespaceDecodesToANamespaceWithItsName() {
    assertThat(decode("kubectl-create-namespace")).isEqualTo(Json.parseObject("""
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}, "spec": {}, "status": {}}
        """));
  }

  @Test
  void createConfigMapKeepsEmptyValuesAndBase64EncodesBinaryData() {
    assertThat(decode("kubectl-create-configmap")).isEqualTo(Json.parseObject("""
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
         "data": {"empty": "", "greeting": "hello"},
         "binaryData": {"blob.bin": "AAEC//5iaW5hcnk="}}
        """));
  }

  @Test
  void createSecretGenericBase64EncodesTheDataAndLeavesTheEmptyTypeOut() {
    assertThat(decode("kubectl-create-secret-generic")).isEqualTo(Json.parseObject("""
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
         "data": {"password": "aHVudGVyMg==", "user": "YWRtaW4="}}
        """));
  }

  @Test
  void createSecretDockerRegistryKeepsTheSecretType() {
    ObjectNode secret = decode("kubectl-create-secret-docker-registry");

    assertThat(secret.path("type").asString()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(new String(secret.path("data").path(".dockerconfigjson").binaryValue()))
        .contains("\"registry.example\"", "\"username\":\"me\"");
  }

  @Test
  void createDeploymentDecodesThePodTemplateWithPortsAndReplicas() {
    assertThat(decode("kubectl-create-deployment")).isEqualTo(Json.parseObject("""
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "labels": {"app": "web"}},
         "spec": {
           "replicas": 3,
           "selector": {"matchLabels": {"app": "web"}},
           "template": {
             "metadata": {"labels": {"app": "web"}},
             "spec": {"containers": [
               {"name": "nginx", "image": "nginx", "ports": [{"containerPort": 8080}], "resources": {}}]}},
           "strategy": {}},
         "status": {}}
        """));
  }

  @Test
  void createDeploymentWithZeroReplicasKeepsTheZeroOfThePointerField() {
    assertThat(decode("kubectl-create-deployment-zero-replicas").path("spec").get("replicas").asInt()).isZero();
  }

  @Test
  void createDeploymentWithTwoImagesDecodesTwoContainersInOrder() {
    ObjectNode deployment = decode("kubectl-create-deployment-two-images");

    assertThat(deployment.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx");
    assertThat(deployment.at("/spec/template/spec/containers/1/name").asString()).isEqualTo("busybox");
    assertThat(deployment.at("/spec/template/spec/containers/1/image").asString()).isEqualTo("busybox:1.36");
  }

  @Test
  void createJobDecodesTheCommandAndRestartPolicy() {
    assertThat(decode("kubectl-create-job")).isEqualTo(Json.parseObject("""
        {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "hello"},
         "spec": {"template": {"metadata": {}, "spec": {
           "containers": [{"name": "hello", "image": "busybox", "command": ["sh", "-c", "echo hi"], "resources": {}}],
           "restartPolicy": "Never"}}},
         "status": {}}
        """));
  }

  @Test
  void createServiceClusterIpDecodesANumericTargetPort() {
    assertThat(decode("kubectl-create-service-clusterip")).isEqualTo(Json.parseObject("""
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "labels": {"app": "web"}},
         "spec": {
           "ports": [{"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080}],
           "selector": {"app": "web"},
           "type": "ClusterIP"},
         "status": {"loadBalancer": {}}}
        """));
  }

  @Test
  void createServiceNodePortDecodesANamedTargetPortAndTheNodePort() {
    ObjectNode port = (ObjectNode) decode("kubectl-create-service-nodeport").at("/spec/ports/0");

    assertThat(port).isEqualTo(Json.parseObject("""
        {"name": "80-http", "protocol": "TCP", "port": 80, "targetPort": "http", "nodePort": 30080}
        """));
  }

  @Test
  void createServiceExternalNameHasNoPorts() {
    ObjectNode service = decode("kubectl-create-service-externalname");

    assertThat(service.path("spec").path("externalName").asString()).isEqualTo("example.com");
    assertThat(service.path("spec").has("ports")).isFalse();
  }

  @Test
  void aBodyCutShortNamesTheTruncatedFieldAndMessage() {
    byte[] body = read("kubectl-create-deployment");
    // The envelope's raw field ends 4 bytes before the body does; cut into the deployment's status.
    byte[] cut = Arrays.copyOf(body, body.length - 6);

    assertThatThrownBy(() -> ProtobufCodec.decode(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated field");
  }

  private static ObjectNode decode(String name) {
    return ProtobufCodec.decode(read(name));
  }

  private static byte[] read(String name) {
    try (InputStream in = KubectlBodiesTest.class.getResourceAsStream(name + ".pb")) {
      if (in == null) {
        throw new IllegalStateException("golden file " + name + ".pb is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
