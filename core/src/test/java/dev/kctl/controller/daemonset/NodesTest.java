package dev.kctl.controller.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import dev.kctl.controller.daemonset.Nodes.Fit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NodesTest {
  private static ObjectNode node(String taints, boolean cordoned) {
    return Json.parseObject("""
        {"metadata":{"name":"n1","labels":{"disk":"ssd"}},"spec":{"unschedulable":%s,"taints":%s}}"""
        .formatted(cordoned, taints));
  }

  private static ObjectNode daemonSet(String tolerations) {
    return Json.parseObject("""
        {"metadata":{"name":"agent","namespace":"default"},
         "spec":{"template":{"spec":{"nodeSelector":{"disk":"ssd"},"tolerations":%s,
                                      "containers":[{"name":"a","image":"agent"}]}}}}""".formatted(tolerations));
  }

  private static Fit fit(ObjectNode node, ObjectNode ds) {
    return Nodes.fit(node, ds, DaemonPods.tolerations(ds));
  }

  @Test
  void cordonedAndTroubledNodesStillRunDaemons() {
    ObjectNode cordoned = node("""
        [{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule"},
         {"key":"node.kubernetes.io/disk-pressure","effect":"NoSchedule"},
         {"key":"node.kubernetes.io/memory-pressure","effect":"NoSchedule"},
         {"key":"node.kubernetes.io/pid-pressure","effect":"NoSchedule"},
         {"key":"node.kubernetes.io/unreachable","effect":"NoExecute"}]""", true);
    assertThat(fit(cordoned, daemonSet("[]"))).isEqualTo(Fit.RUN);
  }

  @Test
  void untoleratedNoScheduleTaintKeepsAnExistingPodButStartsNone() {
    ObjectNode notReady = node("[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoSchedule\"}]", false);
    assertThat(fit(notReady, daemonSet("[]"))).isEqualTo(Fit.KEEP);
    ObjectNode dedicated = node("[{\"key\":\"dedicated\",\"value\":\"infra\",\"effect\":\"NoSchedule\"}]", false);
    assertThat(fit(dedicated, daemonSet("[]"))).isEqualTo(Fit.KEEP);
    assertThat(fit(dedicated, daemonSet("[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"infra\"}]")))
        .isEqualTo(Fit.RUN);
  }

  @Test
  void untoleratedNoExecuteTaintRunsNoDaemon() {
    ObjectNode evicting = node("[{\"key\":\"maintenance\",\"effect\":\"NoExecute\"}]", false);
    assertThat(fit(evicting, daemonSet("[]"))).isEqualTo(Fit.NONE);
    assertThat(fit(evicting, daemonSet("[{\"operator\":\"Exists\"}]"))).isEqualTo(Fit.RUN);
  }

  @Test
  void preferNoScheduleTaintDoesNotMatter() {
    assertThat(fit(node("[{\"key\":\"busy\",\"effect\":\"PreferNoSchedule\"}]", false), daemonSet("[]"))).isEqualTo(Fit.RUN);
  }

  @Test
  void nodeOutsideTheSelectorRunsNoDaemon() {
    ObjectNode other = Json.parseObject("{\"metadata\":{\"name\":\"n2\",\"labels\":{\"disk\":\"hdd\"}},\"spec\":{}}");
    assertThat(fit(other, daemonSet("[]"))).isEqualTo(Fit.NONE);
  }

  @Test
  void daemonPodsGetKubesDefaultTolerations() {
    ObjectNode pod = DaemonPods.forNode(daemonSet("[{\"key\":\"dedicated\",\"operator\":\"Exists\"}]"), "h1", "n1");
    List<String> tolerations = new ArrayList<>();
    pod.path("spec").path("tolerations").forEach(t ->
        tolerations.add(t.path("key").asString() + ":" + t.path("effect").asString("") + ":" + t.has("tolerationSeconds")));
    assertThat(tolerations).containsExactly("dedicated::false",
            "node.kubernetes.io/not-ready:NoExecute:false",
            "node.kubernetes.io/unreachable:NoExecute:false",
            "node.kubernetes.io/disk-pressure:NoSchedule:false",
            "node.kubernetes.io/memory-pressure:NoSchedule:false",
            "node.kubernetes.io/pid-pressure:NoSchedule:false",
            "node.kubernetes.io/unschedulable:NoSchedule:false");
  }
}
