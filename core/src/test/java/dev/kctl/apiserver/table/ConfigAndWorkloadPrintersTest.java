package dev.kctl.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The printers of ConfigMap, Secret, Lease, DaemonSet and Job. */
class ConfigAndWorkloadPrintersTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void configMapCountsDataAndBinaryDataKeys() {
    ObjectNode configMap = named("""
        {"data": {"a": "1", "b": "2"}, "binaryData": {"c": "AAE="}}""");

    assertThat(new ConfigMapPrinter().cells(configMap, NOW)).containsExactly("web", 3L, "3h");
    assertThat(new ConfigMapPrinter().cells(named("{}"), NOW)).containsExactly("web", 0L, "3h");
    assertThat(new ConfigMapPrinter().columns()).extracting(Column::name).containsExactly("Name", "Data", "Age");
  }

  @Test
  void secretShowsItsTypeAndCountsDataKeys() {
    ObjectNode secret = named("""
        {"type": "kubernetes.io/tls", "data": {"tls.crt": "QQ==", "tls.key": "Qg=="}}""");

    assertThat(new SecretPrinter().cells(secret, NOW)).containsExactly("web", "kubernetes.io/tls", 2L, "3h");
    assertThat(new SecretPrinter().columns()).extracting(Column::name).containsExactly("Name", "Type", "Data", "Age");
  }

  @Test
  void leaseShowsItsHolderOrNone() {
    assertThat(new LeasePrinter().cells(named("{\"spec\": {\"holderIdentity\": \"kctld-1\"}}"), NOW))
        .containsExactly("web", "kctld-1", "3h");
    assertThat(new LeasePrinter().cells(named("{\"spec\": {}}"), NOW)).containsExactly("web", "<none>", "3h");
    assertThat(new LeasePrinter().cells(named("{\"spec\": {\"holderIdentity\": null}}"), NOW).get(1))
        .isEqualTo("<none>");
  }

  @Test
  void daemonSetShowsStatusCountsNodeSelectorAndWideCells() {
    ObjectNode daemonSet = named("""
        {"spec": {"selector": {"matchLabels": {"app": "agent"}},
           "template": {"spec": {"nodeSelector": {"zone": "a", "disk": "ssd"},
             "containers": [{"name": "agent", "image": "agent:2"}]}}},
         "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                    "updatedNumberScheduled": 1, "numberAvailable": 2}}""");

    assertThat(new DaemonSetPrinter().cells(daemonSet, NOW))
        .containsExactly("web", 3L, 3L, 2L, 1L, 2L, "disk=ssd,zone=a", "3h", "agent", "agent:2", "app=agent");
    assertThat(new DaemonSetPrinter().columns()).extracting(Column::name).containsExactly(
        "Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age",
        "Containers", "Images", "Selector");
    assertThat(new DaemonSetPrinter().columns()).extracting(Column::priority)
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
  }

  @Test
  void daemonSetWithoutStatusOrNodeSelectorPrintsZerosAndNone() {
    assertThat(new DaemonSetPrinter().cells(named("{\"spec\": {\"selector\": {}}}"), NOW))
        .containsExactly("web", 0L, 0L, 0L, 0L, 0L, "<none>", "3h", "", "", "<none>");
  }

  @Test
  void runningJobCountsSucceededOutOfCompletionsAndTimesSinceStart() {
    ObjectNode job = named("""
        {"spec": {"completions": 5, "parallelism": 2, "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}},
           "template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]}}},
         "status": {"succeeded": 2, "active": 2, "startTime": "2026-11-25T09:55:00Z"}}""");

    assertThat(new JobPrinter().cells(job, NOW)).containsExactly(
        "web", "Running", "2/5", "5m", "3h", "pi", "perl", "batch.kubernetes.io/controller-uid=u1");
    assertThat(new JobPrinter().columns()).extracting(Column::name).containsExactly(
        "Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector");
  }

  @Test
  void completeJobShowsCompleteAndItsDurationUntilCompletion() {
    ObjectNode job = named("""
        {"spec": {"completions": 1},
         "status": {"succeeded": 1, "startTime": "2026-11-25T08:00:00Z", "completionTime": "2026-11-25T08:00:42Z",
           "conditions": [{"type": "SuccessCriteriaMet", "status": "True"}, {"type": "Complete", "status": "True"}]}}""");

    assertThat(new JobPrinter().cells(job, NOW).subList(1, 4)).containsExactly("Complete", "1/1", "42s");
  }

  @Test
  void jobWithoutCompletionsShowsOneOrOneOfParallelismAndNoDurationBeforeStart() {
    assertThat(new JobPrinter().cells(named("{\"spec\": {\"parallelism\": 3}}"), NOW).subList(1, 4))
        .containsExactly("Running", "0/1 of 3", "");
    assertThat(new JobPrinter().cells(named("{\"spec\": {\"parallelism\": 1}, \"status\": {\"succeeded\": 1}}"), NOW)
        .get(2)).isEqualTo("1/1");
  }

  @Test
  void jobStatusFollowsKubernetesPrecedence() {
    assertThat(jobStatus("""
        {"status": {"conditions": [{"type": "Failed", "status": "True"}, {"type": "Complete", "status": "True"}]}}"""))
        .isEqualTo("Complete");
    assertThat(jobStatus("""
        {"status": {"conditions": [{"type": "Failed", "status": "True"}]}}""")).isEqualTo("Failed");
    assertThat(jobStatus("""
        {"metadata": {"deletionTimestamp": "2026-11-25T09:00:00Z"},
         "status": {"conditions": [{"type": "Suspended", "status": "True"}]}}""")).isEqualTo("Terminating");
    assertThat(jobStatus("""
        {"status": {"conditions": [{"type": "Suspended", "status": "True"}]}}""")).isEqualTo("Suspended");
    assertThat(jobStatus("""
        {"status": {"conditions": [{"type": "FailureTarget", "status": "True"}]}}""")).isEqualTo("FailureTarget");
    assertThat(jobStatus("""
        {"status": {"conditions": [{"type": "Suspended", "status": "False"}]}}""")).isEqualTo("Running");
  }

  @Test
  void onlyTheFirstConditionOfATypeCounts() {
    assertThat(jobStatus("""
        {"status": {"conditions": [{"type": "Complete", "status": "False"}, {"type": "Complete", "status": "True"}]}}"""))
        .isEqualTo("Running");
  }

  @Test
  void tablesPickThesePrintersForTheirKinds() {
    assertThat(Printer.of(ResourceTypes.CONFIGMAPS)).isInstanceOf(ConfigMapPrinter.class);
    assertThat(Printer.of(ResourceTypes.SECRETS)).isInstanceOf(SecretPrinter.class);
    assertThat(Printer.of(ResourceTypes.LEASES)).isInstanceOf(LeasePrinter.class);
    assertThat(Printer.of(ResourceTypes.DAEMONSETS)).isInstanceOf(DaemonSetPrinter.class);
    assertThat(Printer.of(ResourceTypes.JOBS)).isInstanceOf(JobPrinter.class);
  }

  private static String jobStatus(String json) {
    return (String) new JobPrinter().cells(named(json), NOW).get(1);
  }

  private static ObjectNode named(String json) {
    ObjectNode object = Json.parseObject(json);
    object.withObject("metadata").put("name", "web");
    object.withObject("metadata").put("creationTimestamp", "2026-11-25T07:00:00Z");
    return object;
  }
}
