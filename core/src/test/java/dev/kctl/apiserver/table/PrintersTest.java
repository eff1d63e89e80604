package dev.kctl.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.codec.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The printers other than the pod's: one test class, since each has little logic of its own. */
class PrintersTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void deploymentShowsReadyOutOfDesiredAndCountsAsNumbers() {
    ObjectNode deployment = named("""
        {"spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
           "template": {"spec": {"containers": [{"name": "web", "image": "tomcat:11"}, {"name": "log", "image": "fluent"}]}}},
         "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}""");

    assertThat(new DeploymentPrinter().cells(deployment, NOW))
        .containsExactly("web", "2/3", 3L, 2L, "3h", "web,log", "tomcat:11,fluent", "app=web");
    assertThat(new DeploymentPrinter().columns()).extracting(Column::name).containsExactly(
        "Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector");
  }

  @Test
  void deploymentWithoutReplicasWantsOneAndWithoutStatusHasNoneReady() {
    ObjectNode deployment = named("{\"spec\": {\"selector\": {}}}");

    assertThat(new DeploymentPrinter().cells(deployment, NOW).subList(1, 4)).containsExactly("0/1", 0L, 0L);
    assertThat(new DeploymentPrinter().cells(deployment, NOW).get(7)).isEqualTo("");
  }

  @Test
  void replicaSetShowsDesiredCurrentReady() {
    ObjectNode replicaSet = named("""
        {"spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"},
           "matchExpressions": [{"key": "tier", "operator": "In", "values": ["b", "a"]},
                                {"key": "canary", "operator": "DoesNotExist"}]},
           "template": {"spec": {"containers": [{"name": "web", "image": "tomcat"}]}}},
         "status": {"replicas": 3, "readyReplicas": 1}}""");

    assertThat(new ReplicaSetPrinter().cells(replicaSet, NOW))
        .containsExactly("web", 3L, 3L, 1L, "3h", "web", "tomcat", "app=web,!canary,tier in (a,b)");
    assertThat(new ReplicaSetPrinter().columns()).extracting(Column::type)
        .containsExactly("string", "integer", "integer", "integer", "string", "string", "string", "string");
  }

  @Test
  void replicaSetWithEmptyOrBrokenSelectorSaysSo() {
    assertThat(new ReplicaSetPrinter().cells(named("{\"spec\": {\"selector\": {}}}"), NOW).get(7)).isEqualTo("<none>");
    assertThat(new ReplicaSetPrinter().cells(named("""
        {"spec": {"selector": {"matchExpressions": [{"key": "a", "operator": "Near"}]}}}"""), NOW).get(7))
        .isEqualTo("<error>");
  }

  @Test
  void selectorFormatsEveryOperatorAndRejectsMisuse() {
    assertThat(Workloads.selector(Json.parseObject("""
        {"matchExpressions": [{"key": "z", "operator": "NotIn", "values": ["q"]}, {"key": "m", "operator": "Exists"}]}""")))
        .isEqualTo("m,z notin (q)");
    assertThatThrownBy(() -> Workloads.selector(Json.parseObject("""
        {"matchExpressions": [{"key": "z", "operator": "In", "values": []}]}""")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nodeStatusRolesAndWideCells() {
    ObjectNode node = named("""
        {"metadata": {"labels": {"node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/control-plane": "",
                                 "kubernetes.io/role": "edge", "node-role.kubernetes.io/": "x"}},
         "spec": {"unschedulable": true},
         "status": {"conditions": [{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": "True"}],
           "addresses": [{"type": "Hostname", "address": "n1"}, {"type": "InternalIP", "address": "192.168.1.4"}],
           "nodeInfo": {"kubeletVersion": "v1.32.0-kctl", "osImage": "Debian GNU/Linux 12"}}}""");

    assertThat(new NodePrinter().cells(node, NOW)).containsExactly(
        "web", "Ready,SchedulingDisabled", "control-plane,edge,worker", "3h", "v1.32.0-kctl",
        "192.168.1.4", "<none>", "Debian GNU/Linux 12", "<unknown>", "<unknown>");
  }

  @Test
  void nodeWithoutReadyConditionIsUnknownAndFalseOrUnknownIsNotReady() {
    assertThat(new NodePrinter().cells(named("{}"), NOW).subList(1, 3)).containsExactly("Unknown", "<none>");
    assertThat(new NodePrinter().cells(named("""
        {"status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}}"""), NOW).get(1)).isEqualTo("NotReady");
  }

  @Test
  void namespaceShowsItsPhase() {
    assertThat(new NamespacePrinter().cells(named("{\"status\": {\"phase\": \"Terminating\"}}"), NOW))
        .containsExactly("web", "Terminating", "3h");
  }

  @Test
  void coreEventPrintsTimesKindSlashNameAndSource() {
    ObjectNode event = named("""
        {"involvedObject": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{web}"},
         "reason": "BackOff", "type": "Warning", "message": "  Back-off restarting failed container\\n",
         "count": 7, "firstTimestamp": "2026-11-25T09:00:00Z", "lastTimestamp": "2026-11-25T09:58:30Z",
         "source": {"component": "kubelet", "host": "node-1"}}""");

    assertThat(new EventPrinter().cells(event, NOW)).containsExactly(
        "90s", "Warning", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, node-1",
        "Back-off restarting failed container", "60m", 7L, "web");
    assertThat(new EventPrinter().columns()).extracting(Column::priority)
        .containsExactly(0, 0, 0, 0, 1, 1, 0, 1, 1, 1);
  }

  @Test
  void newStyleEventFallsBackToEventTimeSeriesAndReportingFields() {
    // 59.88 seconds ago: truncated, not rounded.
    ObjectNode single = named("""
        {"involvedObject": {"kind": "Node"}, "eventTime": "2026-11-25T09:59:00.123456Z",
         "reportingComponent": "kctl-scheduler"}""");
    ObjectNode series = named("""
        {"involvedObject": {"kind": "Pod", "name": "p"}, "eventTime": "2026-11-25T09:00:00.000000Z",
         "series": {"count": 4, "lastObservedTime": "2026-11-25T09:59:50.000000Z"}}""");

    assertThat(new EventPrinter().cells(single, NOW))
        .containsExactly("59s", "", "", "node", "", "kctl-scheduler", "", "59s", 1L, "web");
    assertThat(new EventPrinter().cells(series, NOW).get(0)).isEqualTo("10s");
    assertThat(new EventPrinter().cells(series, NOW).subList(7, 9)).containsExactly("60m", 4L);
  }

  @Test
  void kindsWithoutAPrinterGetNameAndAge() {
    assertThat(new DefaultPrinter().cells(named("{}"), NOW)).containsExactly("web", "3h");
    assertThat(new DefaultPrinter().columns()).extracting(Column::name).containsExactly("Name", "Age");
  }

  private static ObjectNode named(String json) {
    ObjectNode object = Json.parseObject(json);
    object.withObject("metadata").put("name", "web");
    object.withObject("metadata").put("creationTimestamp", "2026-11-25T07:00:00Z");
    return object;
  }
}
