package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** expose builds the Service kubectl would build. */
class ExposeCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void exposesADeploymentWithItsSelectorLabelsAndContainerPort() {
    cli.client.put(ResourceTypes.DEPLOYMENTS, Json.parseObject("""
        {"metadata": {"name": "web", "namespace": "default", "labels": {"team": "a"}},
         "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"spec": {"containers": [{"name": "web", "ports": [{"containerPort": 8080}]}]}}}}"""));

    CliRun.Result result = cli.kctl("expose", "deployment", "web", "--port=80", "--target-port=8080", "--type=NodePort");

    assertThat(result.out()).isEqualTo("service/web exposed\n");
    ObjectNode service = cli.client.get(ResourceTypes.SERVICES, "default", "web");
    assertThat(Json.string(service.get("spec"))).isEqualTo(
        "{\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":8080}],\"selector\":{\"app\":\"web\"},\"type\":\"NodePort\"}");
    assertThat(service.at("/metadata/labels/team").asString()).isEqualTo("a");
  }

  @Test
  void exposesAPodUnderAnotherNameWithTheContainerPortsWhenNoPortIsGiven() {
    cli.client.put(ResourceTypes.PODS, Json.parseObject("""
        {"metadata": {"name": "p", "namespace": "default", "labels": {"run": "p"}},
         "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 9000, "protocol": "UDP"}]}]}}"""));

    assertThat(cli.kctl("expose", "pod/p", "--name=p-svc").out()).isEqualTo("service/p-svc exposed\n");
    assertThat(Json.string(cli.client.get(ResourceTypes.SERVICES, "default", "p-svc").at("/spec/ports")))
        .isEqualTo("[{\"port\":9000,\"protocol\":\"UDP\",\"targetPort\":9000}]");
  }

  @Test
  void failsWithKubectlsMessageWhenNoPortIsKnown() {
    cli.client.put(ResourceTypes.PODS, Json.parseObject("""
        {"metadata": {"name": "p", "namespace": "default", "labels": {"run": "p"}}, "spec": {"containers": [{"name": "c"}]}}"""));

    CliRun.Result result = cli.kctl("expose", "pod", "p");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("error: couldn't find port via --port flag or introspection\n");
  }
}
