package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import dev.kctl.kletd.image.Image;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandAndEnvTest {
  private final Image image = new Image("app", "catalog:///images/app", List.of("java", "-jar", "app.jar"),
      List.of("--port", "8080"), Map.of("GREETING", "from image", "PORT", "1"), Path.of("/images/app"));

  @Test
  void withoutCommandOrArgsRunsEntrypointAndCmd() {
    assertThat(command(List.of(), List.of())).containsExactly("java", "-jar", "app.jar", "--port", "8080");
  }

  @Test
  void commandReplacesEntrypointAndDropsCmd() {
    assertThat(command(List.of("sh", "-c", "run"), List.of())).containsExactly("sh", "-c", "run");
  }

  @Test
  void argsReplaceCmdOnly() {
    assertThat(command(List.of(), List.of("--debug"))).containsExactly("java", "-jar", "app.jar", "--debug");
  }

  @Test
  void commandAndArgsReplaceBoth() {
    assertThat(command(List.of("echo"), List.of("$(GREETING)", "$$(GREETING)", "$(UNSET)")))
        .containsExactly("echo", "hi", "$(GREETING)", "$(UNSET)");
  }

  @Test
  void expandsReferencesAsKubernetesDoes() {
    Map<String, String> vars = Map.of("A", "x", "B", "y");

    assertThat(Expansion.expand("$(A)-$(B)", vars)).isEqualTo("x-y");
    assertThat(Expansion.expand("$$(A)", vars)).isEqualTo("$(A)");
    assertThat(Expansion.expand("$(C)", vars)).isEqualTo("$(C)");
    assertThat(Expansion.expand("cost $5 $(A", vars)).isEqualTo("cost $5 $(A");
    assertThat(Expansion.expand("$$", vars)).isEqualTo("$");
    assertThat(Expansion.expand("end$", vars)).isEqualTo("end$");
  }

  @Test
  void composesTheEnvironmentInKubernetesOrder() {
    PodView pod = pod("""
        {"name": "app", "image": "app",
         "ports": [{"name": "http-alt", "containerPort": 8080, "hostPort": 20001}, {"containerPort": 9090, "hostPort": 20002}],
         "env": [{"name": "GREETING", "value": "hello $(POD_NAME)"},
                 {"name": "URL", "value": "http://$(POD_IP):$(PORT)/$(GREETING)"},
                 {"name": "UID", "valueFrom": {"fieldRef": {"fieldPath": "metadata.uid"}}},
                 {"name": "TIER", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['tier']"}}},
                 {"name": "SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}]}
        """);

    ContainerEnv.Result result = ContainerEnv.compose(pod, pod.containers().getFirst(), image, "node-1",
        "127.0.0.1", "/usr/bin:/bin");

    assertThat(result.env()).containsEntry("PATH", "/usr/bin:/bin")
        .containsEntry("PORT", "20001")
        .containsEntry("PORT_HTTP_ALT", "20001")
        .containsEntry("POD_NAME", "web")
        .containsEntry("POD_NAMESPACE", "shop")
        .containsEntry("POD_IP", "127.0.0.1")
        .containsEntry("NODE_NAME", "node-1")
        .containsEntry("GREETING", "hello web")
        .containsEntry("URL", "http://127.0.0.1:20001/hello web")
        .containsEntry("UID", "u-1")
        .containsEntry("TIER", "front")
        .doesNotContainKey("SECRET");
    assertThat(result.unsupported()).singleElement().asString()
        .contains("SECRET").contains("secretKeyRef");
  }

  private List<String> command(List<String> command, List<String> args) {
    PodView.ContainerView c = new PodView.ContainerView("app", "app", command, args, "", List.of(), List.of());
    return ContainerCommand.resolve(c, image, Map.of("GREETING", "hi"));
  }

  static PodView pod(String container) {
    return PodView.of(Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web", "namespace": "shop", "uid": "u-1", "labels": {"tier": "front"}},
         "spec": {"nodeName": "node-1", "containers": [%s]}}
        """.formatted(container)));
  }
}
