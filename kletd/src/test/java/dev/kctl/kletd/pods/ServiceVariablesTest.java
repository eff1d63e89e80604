package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceType;
import dev.kctl.codec.Json;
import dev.kctl.kletd.image.Image;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ServiceVariablesTest {
  private final Image image = new Image("app", "catalog:///images/app", List.of("app"), List.of(), Map.of(),
      Path.of("/images/app"));
  private final PodApi api = new PodApi() {
    @Override
    public void patchStatus(PodView pod, ObjectNode status) {}

    @Override
    public void event(PodView pod, EventType type, String reason, String message) {}

    @Override
    public void delete(PodView pod) {}

    @Override
    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
      return Optional.empty();
    }

    @Override
    public List<ObjectNode> services(String namespace) {
      return List.of(Json.parseObject("""
          {"metadata": {"name": "tomcat-svc", "namespace": "%s"},
           "spec": {"clusterIP": "127.96.0.7", "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}}
          """.formatted(namespace)));
    }
  };

  @Test
  void containersSeeTheServicesOfTheirNamespaceBelowTheirOwnEnv() throws Exception {
    PodView pod = PodView.of(Json.parseObject("""
        {"metadata": {"name": "web", "namespace": "shop", "uid": "u-1"},
         "spec": {"nodeName": "node-1", "containers": [{"name": "app", "image": "app",
           "env": [{"name": "TOMCAT_SVC_SERVICE_PORT", "value": "mine"}]}]}}
        """));

    Map<String, String> env = compose(pod);

    assertThat(env).containsEntry("TOMCAT_SVC_SERVICE_HOST", "127.96.0.7")
        .containsEntry("TOMCAT_SVC_SERVICE_PORT_WEB", "80")
        .containsEntry("TOMCAT_SVC_PORT_80_TCP_ADDR", "127.96.0.7")
        .containsEntry("TOMCAT_SVC_SERVICE_PORT", "mine");
  }

  @Test
  void enableServiceLinksFalseLeavesThemOut() throws Exception {
    PodView pod = PodView.of(Json.parseObject("""
        {"metadata": {"name": "web", "namespace": "shop", "uid": "u-1"},
         "spec": {"nodeName": "node-1", "enableServiceLinks": false, "containers": [{"name": "app", "image": "app"}]}}
        """));

    assertThat(compose(pod)).doesNotContainKeys("TOMCAT_SVC_SERVICE_HOST", "TOMCAT_SVC_PORT");
  }

  private Map<String, String> compose(PodView pod) throws ContainerEnv.ConfigException {
    return ContainerEnv.compose(pod, pod.containers().getFirst(), image,
        new PodSettings("node-1", "127.0.0.1", Path.of("/pods"), "/usr/bin:/bin", 4000, 8L << 30), api).env();
  }
}
