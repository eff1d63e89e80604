package dev.kctl.kletd.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class ServiceEnvTest {
  @Test
  void aServiceGivesServiceAndDockerLinkVariables() {
    ObjectNode svc = service("default", "tomcat-svc", "127.96.0.7");
    ArrayNode ports = svc.withObjectProperty("spec").withArrayProperty("ports");
    ports.addObject().put("name", "http").put("port", 80).put("protocol", "TCP");
    ports.addObject().put("name", "admin-port").put("port", 8081).put("protocol", "TCP");

    Map<String, String> env = ServiceEnv.forPod("default", true, List.of(svc));

    assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("TOMCAT_SVC_SERVICE_HOST", "127.96.0.7"),
        Map.entry("TOMCAT_SVC_SERVICE_PORT", "80"),
        Map.entry("TOMCAT_SVC_SERVICE_PORT_HTTP", "80"),
        Map.entry("TOMCAT_SVC_SERVICE_PORT_ADMIN_PORT", "8081"),
        Map.entry("TOMCAT_SVC_PORT", "tcp://127.96.0.7:80"),
        Map.entry("TOMCAT_SVC_PORT_80_TCP", "tcp://127.96.0.7:80"),
        Map.entry("TOMCAT_SVC_PORT_80_TCP_PROTO", "tcp"),
        Map.entry("TOMCAT_SVC_PORT_80_TCP_PORT", "80"),
        Map.entry("TOMCAT_SVC_PORT_80_TCP_ADDR", "127.96.0.7"),
        Map.entry("TOMCAT_SVC_PORT_8081_TCP", "tcp://127.96.0.7:8081"),
        Map.entry("TOMCAT_SVC_PORT_8081_TCP_PROTO", "tcp"),
        Map.entry("TOMCAT_SVC_PORT_8081_TCP_PORT", "8081"),
        Map.entry("TOMCAT_SVC_PORT_8081_TCP_ADDR", "127.96.0.7")));
  }

  @Test
  void headlessServicesAndOtherNamespacesGiveNothing() {
    ObjectNode headless = service("default", "db", "None");
    headless.withObjectProperty("spec").withArrayProperty("ports").addObject().put("port", 5432);
    ObjectNode elsewhere = service("other", "web", "127.96.0.8");
    elsewhere.withObjectProperty("spec").withArrayProperty("ports").addObject().put("port", 80);

    assertThat(ServiceEnv.forPod("default", true, List.of(headless, elsewhere))).isEmpty();
  }

  @Test
  void withoutServiceLinksOnlyTheKubernetesServiceIsGiven() {
    ObjectNode web = service("default", "web", "127.96.0.8");
    web.withObjectProperty("spec").withArrayProperty("ports").addObject().put("name", "http").put("port", 80);
    ObjectNode master = service("default", "kubernetes", "127.96.0.1");
    master.withObjectProperty("spec").withArrayProperty("ports").addObject().put("name", "https").put("port", 443);

    Map<String, String> env = ServiceEnv.forPod("default", false, List.of(web, master));

    assertThat(env).containsEntry("KUBERNETES_SERVICE_HOST", "127.96.0.1")
        .containsEntry("KUBERNETES_SERVICE_PORT", "443")
        .doesNotContainKeys("WEB_SERVICE_HOST", "WEB_PORT");
  }

  private static ObjectNode service(String namespace, String name, String clusterIP) {
    ObjectNode svc = Json.object();
    svc.putObject("metadata").put("name", name).put("namespace", namespace);
    svc.putObject("spec").put("clusterIP", clusterIP);
    return svc;
  }
}
