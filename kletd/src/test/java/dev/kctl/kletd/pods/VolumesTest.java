package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.kctl.codec.Json;
import dev.kctl.kletd.FakeTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VolumesTest {
  private final FileSystem fs = Jimfs.newFileSystem(
      Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix", "unix").build());
  private final FakeTime time = new FakeTime();
  private final PodManagerTest.RecordingApi api = new PodManagerTest.RecordingApi();
  private final Path podDir = fs.getPath("/pods/shop_web_u-1");
  private final PodVolumes volumes = new PodVolumes(podDir,
      new PodSettings("node-1", "10.0.0.5", fs.getPath("/pods"), "/usr/bin", 2000, 4L << 30), api, time);

  @AfterEach
  void closeFs() throws Exception {
    fs.close();
  }

  @Test
  void theAtomicWriterSwapsWholeVersionsThroughTheDataLink() throws Exception {
    Path dir = fs.getPath("/v");
    AtomicWriter.write(dir, Map.of("a", file("one"), "sub/b", file("two")), time.instant());
    Path first = dir.resolve(Files.readSymbolicLink(dir.resolve("..data")));

    assertThat(Files.readString(dir.resolve("a"))).isEqualTo("one");
    assertThat(Files.readString(dir.resolve("sub/b"))).isEqualTo("two");
    assertThat(Files.readSymbolicLink(dir.resolve("a"))).isEqualTo(fs.getPath("..data/a"));
    assertThat(first.getFileName().toString()).isEqualTo("..2026_01_01_00_00_00.000000000");

    time.advance(Duration.ofSeconds(1));
    assertThat(AtomicWriter.write(dir, Map.of("a", file("one"), "sub/b", file("two")), time.instant()))
        .as("same content, nothing written").isFalse();
    assertThat(AtomicWriter.write(dir, Map.of("a", file("changed")), time.instant())).isTrue();

    assertThat(Files.readString(dir.resolve("a"))).isEqualTo("changed");
    assertThat(Files.exists(dir.resolve("sub"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(first)).as("old version removed").isFalse();
    assertThat(Files.readSymbolicLink(dir.resolve("..data")).toString()).isEqualTo("..2026_01_01_00_00_01.000000000");
  }

  @Test
  void configMapAndSecretVolumesHoldTheirKeysWithModesAndSecretsDecoded() throws Exception {
    api.objects.put("configmaps/shop/settings", Json.parseObject("""
        {"data": {"app.properties": "mode=fast", "other": "x"}, "binaryData": {"blob": "AAE="}}"""));
    api.objects.put("secrets/shop/creds", Json.parseObject("{\"data\": {\"password\": \"czNjcjN0\"}}"));
    PodView pod = pod("""
        [{"name": "config", "configMap": {"name": "settings"}},
         {"name": "picked", "configMap": {"name": "settings", "defaultMode": 256,
                                          "items": [{"key": "other", "path": "deep/renamed", "mode": 493}]}},
         {"name": "creds", "secret": {"secretName": "creds"}},
         {"name": "scratch", "emptyDir": {}}]""");

    Map<String, Path> folders = volumes.setUp(pod);

    Path config = folders.get("config");
    assertThat(config).isEqualTo(podDir.resolve("volumes/config"));
    assertThat(Files.readString(config.resolve("app.properties"))).isEqualTo("mode=fast");
    assertThat(Files.readAllBytes(config.resolve("blob"))).containsExactly(0, 1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.resolve("other"))))
        .isEqualTo("rw-r--r--");
    Path picked = folders.get("picked");
    assertThat(Files.readString(picked.resolve("deep/renamed"))).isEqualTo("x");
    assertThat(Files.exists(picked.resolve("app.properties"))).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(picked.resolve("deep/renamed"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(Files.readString(folders.get("creds").resolve("password"))).isEqualTo("s3cr3t");
    assertThat(Files.isDirectory(folders.get("scratch"))).isTrue();
  }

  @Test
  void downwardApiVolumesWriteLabelsFieldsAndResources() throws Exception {
    PodView pod = pod("""
        [{"name": "info", "downwardAPI": {"items": [
           {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
           {"path": "name", "fieldRef": {"fieldPath": "metadata.name"}},
           {"path": "mem", "resourceFieldRef": {"containerName": "main", "resource": "limits.memory", "divisor": "1Mi"}}]}}]""");

    Path info = volumes.setUp(pod).get("info");

    assertThat(Files.readString(info.resolve("labels"))).isEqualTo("app=\"web\"\ntier=\"fr\\\"ont\"");
    assertThat(Files.readString(info.resolve("name"))).isEqualTo("web");
    assertThat(Files.readString(info.resolve("mem"))).isEqualTo("4096");
  }

  @Test
  void aMissingConfigMapFailsTheMountUnlessOptional() throws Exception {
    assertThatThrownBy(() -> volumes.setUp(pod("""
        [{"name": "config", "configMap": {"name": "absent"}}]""")))
        .isInstanceOf(PodVolumes.MountException.class)
        .hasMessage("MountVolume.SetUp failed for volume \"config\" : configmap \"absent\" not found");

    Path folder = volumes.setUp(pod("""
        [{"name": "config", "configMap": {"name": "absent", "optional": true}}]""")).get("config");
    assertThat(Files.isDirectory(folder)).isTrue();
  }

  @Test
  void refreshRewritesOnlyVolumesWhoseSourceChanged() throws Exception {
    api.objects.put("configmaps/shop/settings", Json.parseObject("{\"data\": {\"mode\": \"fast\"}}"));
    PodView pod = pod("""
        [{"name": "config", "configMap": {"name": "settings"}},
         {"name": "info", "downwardAPI": {"items": [{"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}}]""");
    Path config = volumes.setUp(pod).get("config");

    assertThat(volumes.refresh(pod)).isEmpty();
    api.objects.put("configmaps/shop/settings", Json.parseObject("{\"data\": {\"mode\": \"slow\"}}"));
    time.advance(Duration.ofSeconds(1));

    assertThat(volumes.refresh(pod)).containsExactly("config");
    assertThat(Files.readString(config.resolve("mode"))).isEqualTo("slow");
    assertThat(PodVolumes.uses(pod, dev.kctl.api.ResourceTypes.CONFIGMAPS, "settings")).isTrue();
    assertThat(PodVolumes.uses(pod, dev.kctl.api.ResourceTypes.SECRETS, "settings")).isFalse();
  }

  @Test
  void projectedVolumesJoinTheirSourcesAndNameTheServiceAccountTokenTheyLeaveOut() throws Exception {
    api.objects.put("configmaps/shop/settings", Json.parseObject("{\"data\": {\"app.yaml\": \"mode: fast\"}}"));
    api.objects.put("secrets/shop/creds", Json.parseObject("{\"data\": {\"password\": \"czNjcjN0\"}}"));
    PodView pod = pod("""
        [{"name": "all", "projected": {"defaultMode": 256, "sources": [
           {"configMap": {"name": "settings"}},
           {"secret": {"name": "creds", "items": [{"key": "password", "path": "db/password", "mode": 384}]}},
           {"downwardAPI": {"items": [{"path": "pod-name", "fieldRef": {"fieldPath": "metadata.name"}}]}},
           {"serviceAccountToken": {"path": "token", "expirationSeconds": 3600}}]}}]""");

    Path all = volumes.setUp(pod).get("all");

    assertThat(all).isEqualTo(podDir.resolve("volumes/all"));
    assertThat(Files.readString(all.resolve("app.yaml"))).isEqualTo("mode: fast");
    assertThat(Files.readString(all.resolve("db/password"))).isEqualTo("s3cr3t");
    assertThat(Files.readString(all.resolve("pod-name"))).isEqualTo("web");
    assertThat(Files.exists(all.resolve("token"))).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(all.resolve("app.yaml"))))
        .as("the volume's defaultMode").isEqualTo("r--------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(all.resolve("db/password"))))
        .as("the item's mode").isEqualTo("rw-------");
    assertThat(volumes.unsupported()).singleElement().asString()
        .contains("projected volume \"all\" of pod shop/web").contains("serviceAccountToken").contains("token");
  }

  @Test
  void projectedVolumesAreRewrittenWhenASourceChangesAndMissingNonOptionalSourcesFailTheMount() throws Exception {
    api.objects.put("configmaps/shop/settings", Json.parseObject("{\"data\": {\"mode\": \"fast\"}}"));
    PodView pod = pod("""
        [{"name": "all", "projected": {"sources": [
           {"configMap": {"name": "settings"}},
           {"secret": {"name": "later", "optional": true}},
           {"serviceAccountToken": {"path": "token"}}]}}]""");
    Path all = volumes.setUp(pod).get("all");
    assertThat(PodVolumes.uses(pod, dev.kctl.api.ResourceTypes.CONFIGMAPS, "settings")).isTrue();
    assertThat(PodVolumes.uses(pod, dev.kctl.api.ResourceTypes.SECRETS, "later")).isTrue();
    assertThat(PodVolumes.uses(pod, dev.kctl.api.ResourceTypes.SECRETS, "settings")).isFalse();

    api.objects.put("configmaps/shop/settings", Json.parseObject("{\"data\": {\"mode\": \"slow\"}}"));
    api.objects.put("secrets/shop/later", Json.parseObject("{\"data\": {\"key\": \"czNjcjN0\"}}"));
    time.advance(Duration.ofSeconds(1));

    assertThat(volumes.refresh(pod)).containsExactly("all");
    assertThat(Files.readString(all.resolve("mode"))).isEqualTo("slow");
    assertThat(Files.readString(all.resolve("key"))).isEqualTo("s3cr3t");
    assertThat(volumes.unsupported()).as("a refresh repeats no notes").hasSize(1);

    assertThatThrownBy(() -> volumes.setUp(pod("""
        [{"name": "all", "projected": {"sources": [{"secret": {"name": "absent"}}]}}]""")))
        .isInstanceOf(PodVolumes.MountException.class)
        .hasMessage("MountVolume.SetUp failed for volume \"all\" : secret \"absent\" not found");
  }

  private static AtomicWriter.File file(String text) {
    return new AtomicWriter.File(text.getBytes(StandardCharsets.UTF_8), 0644);
  }

  private static PodView pod(String volumes) {
    return PodView.of(Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web", "namespace": "shop", "uid": "u-1", "labels": {"tier": "fr\\"ont", "app": "web"}},
         "spec": {"nodeName": "node-1", "volumes": %s,
                  "containers": [{"name": "main", "image": "app"}]}}
        """.formatted(volumes)));
  }
}
