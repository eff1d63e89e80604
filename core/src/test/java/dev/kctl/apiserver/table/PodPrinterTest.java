package dev.kctl.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PodPrinterTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final PodPrinter printer = new PodPrinter();

  @Test
  void columnsAreKubeApiserversWithWideOnesAtPriorityOne() {
    assertThat(printer.columns()).extracting(Column::name).containsExactly(
        "Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates");
    assertThat(printer.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(printer.columns().getFirst().format()).isEqualTo("name");
  }

  @Test
  void runningReadyPod() {
    List<Object> cells = printer.cells(pod("""
        {"spec": {"nodeName": "node-1", "containers": [{"name": "web"}]},
         "status": {"phase": "Running", "podIP": "10.0.0.7",
           "conditions": [{"type": "Ready", "status": "True"}],
           "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0,
             "state": {"running": {"startedAt": "2026-11-25T09:00:00Z"}}}]}}"""), NOW);

    assertThat(cells).containsExactly("web-1", "1/1", "Running", "0", "3h", "10.0.0.7", "node-1", "<none>", "<none>");
  }

  @Test
  void podWithoutStatusIsItsPhaseWithNonePlaceholders() {
    List<Object> cells = printer.cells(pod("""
        {"spec": {"containers": [{"name": "a"}, {"name": "b"}]}, "status": {"phase": "Pending"}}"""), NOW);

    assertThat(cells).containsExactly("web-1", "0/2", "Pending", "0", "3h", "<none>", "<none>", "<none>", "<none>");
  }

  @Test
  void waitingReasonOfTheFirstContainerWins() {
    List<Object> cells = printer.cells(pod("""
        {"spec": {"containers": [{"name": "a"}, {"name": "b"}]},
         "status": {"phase": "Pending", "containerStatuses": [
           {"name": "a", "state": {"waiting": {"reason": "ContainerCreating"}}},
           {"name": "b", "state": {"waiting": {"reason": "ErrImagePull"}}}]}}"""), NOW);

    assertThat(cells.get(2)).isEqualTo("ContainerCreating");
  }

  @Test
  void restartsShowHowLongAgoTheLatestWas() {
    List<Object> cells = printer.cells(pod("""
        {"spec": {"containers": [{"name": "a"}, {"name": "b"}]},
         "status": {"phase": "Running", "containerStatuses": [
           {"name": "a", "ready": true, "restartCount": 1, "state": {"running": {}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-25T08:00:00Z"}}},
           {"name": "b", "ready": false, "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-11-25T09:55:00Z"}}}]}}"""), NOW);

    assertThat(cells.subList(1, 4)).containsExactly("1/2", "CrashLoopBackOff", "5 (5m ago)");
  }

  @Test
  void terminatedContainerWithoutReasonShowsExitCodeOrSignal() {
    assertThat(status("""
        {"phase": "Failed", "containerStatuses": [{"name": "a", "state": {"terminated": {"exitCode": 3}}}]}"""))
        .isEqualTo("ExitCode:3");
    assertThat(status("""
        {"phase": "Failed", "containerStatuses": [{"name": "a", "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}"""))
        .isEqualTo("Signal:9");
  }

  @Test
  void succeededPodIsCompletedAndItsRowSaysSo() {
    ObjectNode pod = pod("""
        {"spec": {"containers": [{"name": "a"}]},
         "status": {"phase": "Succeeded", "containerStatuses": [
           {"name": "a", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}""");

    assertThat(printer.cells(pod, NOW).get(2)).isEqualTo("Completed");
    assertThat(printer.conditions(pod)).singleElement().satisfies(c -> {
      assertThat(c.path("type").asString()).isEqualTo("Completed");
      assertThat(c.path("status").asString()).isEqualTo("True");
      assertThat(c.path("reason").asString()).isEqualTo("Succeeded");
    });
  }

  @Test
  void completedContainerBesideARunningOneIsNotCompleted() {
    String statuses = """
        "containerStatuses": [
          {"name": "a", "ready": true, "state": {"running": {}}},
          {"name": "b", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]""";

    assertThat(status("{\"phase\": \"Running\", " + statuses + "}")).isEqualTo("NotReady");
    assertThat(status("{\"phase\": \"Running\", \"conditions\": [{\"type\": \"Ready\", \"status\": \"True\"}], "
        + statuses + "}")).isEqualTo("Running");
  }

  @Test
  void initContainersReportProgressThenTheirTrouble() {
    String spec = "\"spec\": {\"initContainers\": [{\"name\": \"i1\"}, {\"name\": \"i2\"}], \"containers\": [{\"name\": \"a\"}]}";
    assertThat(printer.cells(pod("{" + spec + """
        , "status": {"phase": "Pending", "initContainerStatuses": [
          {"name": "i1", "state": {"terminated": {"exitCode": 0}}},
          {"name": "i2", "state": {"running": {}}}]}}"""), NOW).get(2)).isEqualTo("Init:1/2");
    assertThat(printer.cells(pod("{" + spec + """
        , "status": {"phase": "Pending", "initContainerStatuses": [
          {"name": "i1", "restartCount": 3, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}"""), NOW)
        .subList(2, 4)).containsExactly("Init:CrashLoopBackOff", "3");
    assertThat(printer.cells(pod("{" + spec + """
        , "status": {"phase": "Pending", "initContainerStatuses": [
          {"name": "i1", "state": {"terminated": {"exitCode": 2}}}]}}"""), NOW).get(2)).isEqualTo("Init:ExitCode:2");
    assertThat(printer.cells(pod("{" + spec + """
        , "status": {"phase": "Pending", "initContainerStatuses": [
          {"name": "i1", "state": {"waiting": {"reason": "PodInitializing"}}}]}}"""), NOW).get(2)).isEqualTo("Init:0/2");
  }

  @Test
  void startedSidecarCountsTowardsReadyAndRestarts() {
    List<Object> cells = printer.cells(pod("""
        {"spec": {"initContainers": [{"name": "proxy", "restartPolicy": "Always"}], "containers": [{"name": "a"}]},
         "status": {"phase": "Running",
           "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}],
           "initContainerStatuses": [{"name": "proxy", "started": true, "ready": true, "restartCount": 2,
             "state": {"running": {}}}],
           "containerStatuses": [{"name": "a", "ready": true, "state": {"running": {}}}]}}"""), NOW);

    assertThat(cells.subList(1, 4)).containsExactly("2/2", "Running", "2");
  }

  @Test
  void deletedPodIsTerminatingUnlessItAlreadyFinishedOrItsNodeIsLost() {
    assertThat(printer.cells(pod("""
        {"metadata": {"deletionTimestamp": "2026-11-25T09:59:00Z"}, "spec": {"containers": [{"name": "a"}]},
         "status": {"phase": "Running"}}"""), NOW).get(2)).isEqualTo("Terminating");
    assertThat(printer.cells(pod("""
        {"metadata": {"deletionTimestamp": "2026-11-25T09:59:00Z"}, "spec": {"containers": [{"name": "a"}]},
         "status": {"phase": "Succeeded"}}"""), NOW).get(2)).isEqualTo("Succeeded");
    assertThat(printer.cells(pod("""
        {"metadata": {"deletionTimestamp": "2026-11-25T09:59:00Z"}, "spec": {"containers": [{"name": "a"}]},
         "status": {"phase": "Running", "reason": "NodeLost"}}"""), NOW).get(2)).isEqualTo("Unknown");
  }

  @Test
  void schedulingGatedPodSaysSo() {
    assertThat(status("""
        {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}"""))
        .isEqualTo("SchedulingGated");
  }

  @Test
  void wideCellsPreferPodIpsAndCountSatisfiedReadinessGates() {
    List<Object> cells = printer.cells(pod("""
        {"spec": {"containers": [{"name": "a"}], "readinessGates": [{"conditionType": "lb"}, {"conditionType": "dns"}]},
         "status": {"phase": "Running", "podIP": "10.0.0.1", "podIPs": [{"ip": "10.0.0.2"}],
           "nominatedNodeName": "node-9",
           "conditions": [{"type": "lb", "status": "True"}, {"type": "dns", "status": "False"}]}}"""), NOW);

    assertThat(cells.subList(5, 9)).containsExactly("10.0.0.2", "<none>", "node-9", "1/2");
  }

  private String status(String statusJson) {
    return (String) printer.cells(pod("{\"spec\": {\"containers\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}, \"status\": "
        + statusJson + "}"), NOW).get(2);
  }

  /** A pod named web-1, created three hours before NOW, with the given spec and status. */
  static ObjectNode pod(String json) {
    ObjectNode pod = Json.parseObject(json);
    ObjectNode metadata = pod.withObject("metadata");
    metadata.put("name", "web-1");
    metadata.put("namespace", "default");
    metadata.put("creationTimestamp", "2026-11-25T07:00:00Z");
    return pod;
  }
}
