package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ApplyPlanTest {
  private static final ObjectNode CONFIG = Json.parseObject("""
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "tomcat", "namespace": "default", "labels": {"app": "tomcat"}},
       "spec": {"replicas": 2,
                "template": {"spec": {"containers": [{"name": "tomcat", "image": "tomcat"}]}}}}
      """);

  /** What the server returns after creating CONFIG: its own metadata, defaults and a status. */
  private static ObjectNode live(ObjectNode created) {
    ObjectNode live = created.deepCopy();
    ObjectNode metadata = (ObjectNode) live.get("metadata");
    metadata.put("uid", "u-1").put("resourceVersion", "7").put("generation", 1);
    ObjectNode container = (ObjectNode) live.at("/spec/template/spec/containers/0");
    container.put("imagePullPolicy", "IfNotPresent").put("terminationMessagePath", "/dev/termination-log");
    ((ObjectNode) live.get("spec")).put("revisionHistoryLimit", 10);
    live.putObject("status").put("replicas", 2);
    return live;
  }

  @Test
  void createsAMissingObjectRecordingItsConfiguration() {
    ApplyPlan plan = ApplyPlan.of(CONFIG, null);

    assertThat(plan).isInstanceOf(ApplyPlan.Create.class);
    ObjectNode object = ((ApplyPlan.Create) plan).object();
    String recorded = object.at("/metadata/annotations").path(ApplyPlan.LAST_APPLIED).asString();
    assertThat(recorded).endsWith("\n");
    assertThat(Json.parseObject(recorded)).isEqualTo(CONFIG);
    assertThat(object.at("/spec/replicas").asInt()).isEqualTo(2);
  }

  @Test
  void leavesAnObjectAloneWhenTheSameConfigurationIsAppliedAgain() {
    ObjectNode live = live(((ApplyPlan.Create) ApplyPlan.of(CONFIG, null)).object());

    assertThat(ApplyPlan.of(CONFIG, live)).isInstanceOf(ApplyPlan.Unchanged.class);
  }

  @Test
  void updatesAChangedFieldKeepingServerFieldsAndStatus() {
    ObjectNode live = live(((ApplyPlan.Create) ApplyPlan.of(CONFIG, null)).object());
    ObjectNode changed = CONFIG.deepCopy();
    ((ObjectNode) changed.get("spec")).put("replicas", 3);

    ApplyPlan plan = ApplyPlan.of(changed, live);

    assertThat(plan).isInstanceOf(ApplyPlan.Update.class);
    ObjectNode update = ((ApplyPlan.Update) plan).object();
    assertThat(update.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(update.at("/metadata/resourceVersion").asString()).isEqualTo("7");
    assertThat(update.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(update.at("/spec/template/spec/containers/0/imagePullPolicy").asString()).isEqualTo("IfNotPresent");
    assertThat(update.at("/status/replicas").asInt()).isEqualTo(2);
    assertThat(Json.parseObject(update.at("/metadata/annotations").path(ApplyPlan.LAST_APPLIED).asString()))
        .isEqualTo(changed);
  }

  @Test
  void removesAFieldDroppedFromTheManifestButNotOneItNeverSet() {
    ObjectNode live = live(((ApplyPlan.Create) ApplyPlan.of(CONFIG, null)).object());
    ((ObjectNode) live.at("/metadata/annotations")).put("team", "web");
    ObjectNode withoutLabels = CONFIG.deepCopy();
    ((ObjectNode) withoutLabels.get("metadata")).remove("labels");

    ObjectNode update = ((ApplyPlan.Update) ApplyPlan.of(withoutLabels, live)).object();

    assertThat(update.at("/metadata").has("labels")).isFalse();
    assertThat(update.at("/metadata/annotations/team").asString()).isEqualTo("web");
    assertThat(update.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
  }

  @Test
  void replacesAListWhoseLengthChanged() {
    ObjectNode live = live(((ApplyPlan.Create) ApplyPlan.of(CONFIG, null)).object());
    ObjectNode twoContainers = CONFIG.deepCopy();
    ((tools.jackson.databind.node.ArrayNode) twoContainers.at("/spec/template/spec/containers"))
        .addObject().put("name", "sidecar").put("image", "busybox");

    ObjectNode update = ((ApplyPlan.Update) ApplyPlan.of(twoContainers, live)).object();

    assertThat(update.at("/spec/template/spec/containers")).isEqualTo(
        twoContainers.at("/spec/template/spec/containers"));
  }

  @Test
  void takesOverAnObjectCreatedWithoutApply() {
    ObjectNode live = live(CONFIG.deepCopy());

    ApplyPlan plan = ApplyPlan.of(CONFIG, live);

    assertThat(plan).isInstanceOf(ApplyPlan.Update.class);
    assertThat(((ApplyPlan.Update) plan).object().at("/metadata/annotations")
        .has(ApplyPlan.LAST_APPLIED)).isTrue();
  }
}
