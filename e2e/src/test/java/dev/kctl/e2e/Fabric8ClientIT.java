package dev.kctl.e2e;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kctl.server.ControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Kubernetes client library for Java, unchanged, against kctld: the fabric8 client reads
 * the kubeconfig kctld wrote and creates, lists, watches and deletes through the API.
 */
class Fabric8ClientIT {
  @TempDir Path dir;

  @Test
  void fabric8CreatesListsWatchesAndDeletes() throws Exception {
    try (ControlPlane plane = ControlPlane.start(
            new ControlPlane.Config(dir, new InetSocketAddress("127.0.0.1", 0)), InstantSource.system());
        KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(plane.kubeconfig()))).build()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      try (Watch watch = client.configMaps().inNamespace("default").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {
          seen.add(action + " " + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
          seen.add("closed " + cause);
        }
      })) {
        client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
            .withNewMetadata().withName("from-fabric8").addToLabels("client", "fabric8").endMetadata()
            .addToData("greeting", "hello").build()).create();
        assertThat(client.configMaps().inNamespace("default").withLabel("client", "fabric8").list().getItems())
            .extracting(cm -> cm.getData().get("greeting")).containsExactly("hello");

        client.configMaps().inNamespace("default").withName("from-fabric8")
            .edit(cm -> new ConfigMapBuilder(cm).addToData("greeting", "bye").build());
        client.configMaps().inNamespace("default").withName("from-fabric8").delete();
        await("ADDED, MODIFIED, DELETED through the fabric8 watch").atMost(ofSeconds(20)).until(() ->
            seen.containsAll(List.of("ADDED from-fabric8", "MODIFIED from-fabric8", "DELETED from-fabric8")));
      }

      Deployment created = client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
          .withNewMetadata().withName("typed").endMetadata()
          .withNewSpec().withReplicas(2)
          .withNewSelector().addToMatchLabels("app", "typed").endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", "typed").endMetadata()
          .withNewSpec().addNewContainer().withName("app").withImage("tomcat").endContainer().endSpec()
          .endTemplate().endSpec().build()).create();
      assertThat(created.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
      assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
      client.apps().deployments().inNamespace("default").withName("typed").scale(3);
      assertThat(client.apps().deployments().inNamespace("default").withName("typed").get().getSpec().getReplicas())
          .isEqualTo(3);
    }
  }
}
