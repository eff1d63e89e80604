package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.codec.Json;
import dev.kctl.kletd.image.Image;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandAndEnvTest {
  private final PodManagerTest.RecordingApi api = new PodManagerTest.RecordingApi();
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
  void composesTheEnvironmentInKubernetesOrder() throws Exception {
    PodView pod = pod("""
        {"name": "app", "image": "app",
         "ports": [{"name": "http-alt", "containerPort": 8080, "hostPort": 20001}, {"containerPort": 9090, "hostPort": 20002}],
         "env": [{"name": "GREETING", "value": "hello $(POD_NAME)"},
                 {"name": "URL", "value": "http://$(POD_IP):$(PORT)/$(GREETING)"},
                 {"name": "UID", "valueFrom": {"fieldRef": {"fieldPath": "metadata.uid"}}},
                 {"name": "TIER", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['tier']"}}},
                 {"name": "NOTE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['note']"}}},
                 {"name": "HOST", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}},
                 {"name": "SA", "valueFrom": {"fieldRef": {"fieldPath": "spec.serviceAccountName"}}}]}
        """);

    ContainerEnv.Result result = compose(pod);

    assertThat(result.env()).containsEntry("PATH", "/usr/bin:/bin")
        .containsEntry("PORT", "20001")
        .containsEntry("PORT_HTTP_ALT", "20001")
        .containsEntry("HOSTNAME", "web")
        .containsEntry("POD_NAME", "web")
        .containsEntry("POD_NAMESPACE", "shop")
        .containsEntry("POD_IP", "127.0.0.1")
        .containsEntry("NODE_NAME", "node-1")
        .containsEntry("GREETING", "hello web")
        .containsEntry("URL", "http://127.0.0.1:20001/hello web")
        .containsEntry("UID", "u-1")
        .containsEntry("TIER", "front")
        .containsEntry("NOTE", "hi")
        .containsEntry("HOST", "127.0.0.1")
        .containsEntry("SA", "builder");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void readsConfigMapAndSecretKeys() throws Exception {
    api.objects.put("configmaps/shop/settings", Json.parseObject("{\"data\": {\"mode\": \"fast\"}}"));
    api.objects.put("secrets/shop/creds", Json.parseObject("{\"data\": {\"password\": \"czNjcjN0\"}}"));
    PodView pod = pod("""
        {"name": "app", "image": "app",
         "env": [{"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "mode"}}},
                 {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "password"}}},
                 {"name": "URL", "value": "db://$(PASSWORD)@host?$(MODE)"},
                 {"name": "MAYBE", "valueFrom": {"configMapKeyRef": {"name": "absent", "key": "k", "optional": true}}},
                 {"name": "MAYBE_KEY", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "k", "optional": true}}}]}
        """);

    ContainerEnv.Result result = compose(pod);

    assertThat(result.env()).containsEntry("MODE", "fast").containsEntry("PASSWORD", "s3cr3t")
        .containsEntry("URL", "db://s3cr3t@host?fast")
        .doesNotContainKeys("MAYBE", "MAYBE_KEY");
  }

  @Test
  void aMissingConfigMapOrKeyIsTheKubeletsConfigError() {
    api.objects.put("configmaps/shop/settings", Json.parseObject("{\"data\": {\"mode\": \"fast\"}}"));

    assertThatThrownBy(() -> compose(pod("""
        {"name": "app", "image": "app",
         "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "x", "key": "k"}}}]}
        """))).isInstanceOf(ContainerEnv.ConfigException.class).hasMessage("configmap \"x\" not found");
    assertThatThrownBy(() -> compose(pod("""
        {"name": "app", "image": "app",
         "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "k"}}}]}
        """))).hasMessage("couldn't find key k in ConfigMap shop/settings");
    assertThatThrownBy(() -> compose(pod("""
        {"name": "app", "image": "app",
         "env": [{"name": "A", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}]}
        """))).hasMessage("secret \"s\" not found");
    assertThatThrownBy(() -> compose(pod("""
        {"name": "app", "image": "app", "envFrom": [{"configMapRef": {"name": "y"}}]}
        """))).hasMessage("configmap \"y\" not found");
  }

  @Test
  void envFromAddsEveryKeyWithItsPrefixAndSkipsInvalidNames() throws Exception {
    api.objects.put("configmaps/shop/settings", Json.parseObject(
        "{\"data\": {\"mode\": \"fast\", \"bad key\": \"x\", \"LEVEL\": \"3\"}}"));
    api.objects.put("secrets/shop/creds", Json.parseObject("{\"data\": {\"user\": \"YWRtaW4=\"}}"));
    PodView pod = pod("""
        {"name": "app", "image": "app",
         "envFrom": [{"configMapRef": {"name": "settings"}, "prefix": "CFG_"},
                     {"secretRef": {"name": "creds"}},
                     {"secretRef": {"name": "absent", "optional": true}}],
         "env": [{"name": "LEVEL_TOO", "value": "$(CFG_LEVEL)"}]}
        """);

    ContainerEnv.Result result = compose(pod);

    assertThat(result.env()).containsEntry("CFG_mode", "fast").containsEntry("CFG_LEVEL", "3")
        .containsEntry("user", "admin").containsEntry("LEVEL_TOO", "3").doesNotContainKey("CFG_bad key");
    assertThat(result.warnings()).singleElement().satisfies(w -> {
      assertThat(w.reason()).isEqualTo("InvalidEnvironmentVariableNames");
      assertThat(w.message()).isEqualTo("Keys [CFG_bad key] from the EnvFrom configMap shop/settings were skipped"
          + " since they are considered invalid environment variable names.");
    });
  }

  @Test
  void resourceFieldRefDividesAndRoundsUpAndDefaultsLimitsToTheNode() throws Exception {
    PodView pod = pod("""
        {"name": "app", "image": "app",
         "resources": {"limits": {"cpu": "1500m", "memory": "129Mi"}, "requests": {"cpu": "250m"}},
         "env": [{"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}},
                 {"name": "CPU_M", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}},
                 {"name": "MEM_MI", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}},
                 {"name": "REQ", "valueFrom": {"resourceFieldRef": {"resource": "requests.cpu", "divisor": "1m"}}},
                 {"name": "REQ_MEM", "valueFrom": {"resourceFieldRef": {"resource": "requests.memory"}}},
                 {"name": "SIDE_CPU", "valueFrom": {"resourceFieldRef": {"containerName": "side", "resource": "limits.cpu"}}},
                 {"name": "SIDE_MEM", "valueFrom": {"resourceFieldRef": {"containerName": "side", "resource": "limits.memory", "divisor": "1Gi"}}}]},
        {"name": "side", "image": "app"}
        """);

    ContainerEnv.Result result = compose(pod);

    assertThat(result.env()).containsEntry("CPU", "2").containsEntry("CPU_M", "1500")
        .containsEntry("MEM_MI", "129").containsEntry("REQ", "250").containsEntry("REQ_MEM", "0")
        .containsEntry("SIDE_CPU", "4").containsEntry("SIDE_MEM", "8");
  }

  private ContainerEnv.Result compose(PodView pod) throws ContainerEnv.ConfigException {
    return ContainerEnv.compose(pod, pod.containers().getFirst(), image,
        new PodSettings("node-1", "127.0.0.1", Path.of("/pods"), "/usr/bin:/bin", 4000, 8L << 30), api);
  }

  private List<String> command(List<String> command, List<String> args) {
    PodView.ContainerView c = new PodView.ContainerView("app", "app", command, args, "", List.of(), List.of(),
        Json.object());
    return ContainerCommand.resolve(c, image, Map.of("GREETING", "hi"));
  }

  static PodView pod(String container) {
    return PodView.of(Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web", "namespace": "shop", "uid": "u-1", "labels": {"tier": "front"},
                      "annotations": {"note": "hi"}},
         "spec": {"nodeName": "node-1", "serviceAccountName": "builder", "containers": [%s]}}
        """.formatted(container)));
  }
}
