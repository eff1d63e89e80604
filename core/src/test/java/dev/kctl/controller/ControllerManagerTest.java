package dev.kctl.controller;

import static dev.kctl.api.ResourceTypes.DEPLOYMENTS;
import static dev.kctl.api.ResourceTypes.PODS;
import static dev.kctl.api.ResourceTypes.REPLICASETS;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.api.ObjectMeta;
import dev.kctl.client.InMemoryClient;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ControllerManagerTest {
  private final InMemoryClient client = new InMemoryClient(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));

  @Test
  void deploymentGetsAReplicaSetAndItsPodsAndScalesDown() {
    try (ControllerManager manager = ControllerManager.start(client, InstantSource.system())) {
      client.create(DEPLOYMENTS, "default", Json.parseObject("""
          {"metadata": {"name": "tomcat"},
           "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "tomcat"}},
                    "template": {"metadata": {"labels": {"app": "tomcat"}},
                                 "spec": {"containers": [{"name": "tomcat", "image": "tomcat"}]}}}}"""));

      await("3 pods").atMost(ofSeconds(10)).until(() -> client.all(PODS).size() == 3);
      String rs = ObjectMeta.of(client.all(REPLICASETS).getFirst()).name();
      assertThat(client.all(PODS)).allSatisfy(p -> assertThat(ObjectMeta.of(p).name()).startsWith(rs + "-"));

      ObjectNode d = client.get(DEPLOYMENTS, "default", "tomcat");
      d.withObjectProperty("spec").put("replicas", 1);
      client.update(DEPLOYMENTS, d);

      await("1 pod").atMost(ofSeconds(10)).until(() -> client.all(PODS).size() == 1);
      await("status observed").atMost(ofSeconds(10)).until(() ->
          client.get(DEPLOYMENTS, "default", "tomcat").path("status").path("observedGeneration").asLong() == 2
              && client.get(DEPLOYMENTS, "default", "tomcat").path("status").path("replicas").asInt() == 1);
    }
  }
}
