package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.kctl.codec.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SubPathsTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path volume = fs.getPath("/pods/shop_web_u-1/volumes/v");

  @AfterEach
  void closeFs() throws Exception {
    fs.close();
  }

  @Test
  void aSubPathNamingAConfigMapKeyIsThatOneFile() throws Exception {
    AtomicWriter.write(volume, Map.of("config.yaml", new AtomicWriter.File(
        "mode: fast".getBytes(StandardCharsets.UTF_8), 0644)), Instant.parse("2026-01-01T00:00:00Z"));

    Path source = SubPaths.source(volume, mount("{\"subPath\": \"config.yaml\"}"), Map.of());

    assertThat(source).isEqualTo(volume.resolve("config.yaml"));
    assertThat(Files.isRegularFile(source)).isTrue();
    assertThat(Files.readString(source)).isEqualTo("mode: fast");
  }

  @Test
  void aMissingSubPathIsCreatedAsAFolderAndNoSubPathMeansTheWholeVolume() throws Exception {
    Files.createDirectories(volume);

    Path source = SubPaths.source(volume, mount("{\"subPath\": \"data/web\"}"), Map.of());

    assertThat(source).isEqualTo(volume.resolve("data/web"));
    assertThat(Files.isDirectory(source)).isTrue();
    assertThat(SubPaths.source(volume, mount("{}"), Map.of())).isEqualTo(volume);
  }

  @Test
  void subPathExprExpandsTheContainersVariables() throws Exception {
    Files.createDirectories(volume);

    Path source = SubPaths.source(volume, mount("{\"subPathExpr\": \"logs/$(POD_NAME)\"}"),
        Map.of("POD_NAME", "web-1"));

    assertThat(source).isEqualTo(volume.resolve("logs/web-1"));
    assertThat(Files.isDirectory(source)).isTrue();
  }

  @Test
  void refusesSubPathsThatLeaveTheVolume() throws Exception {
    Files.createDirectories(volume);
    Files.createDirectories(fs.getPath("/elsewhere"));
    Files.createSymbolicLink(volume.resolve("escape"), fs.getPath("/elsewhere"));

    assertThatThrownBy(() -> SubPaths.source(volume, mount("{\"subPath\": \"../other\"}"), Map.of()))
        .isInstanceOf(ContainerEnv.ConfigException.class)
        .hasMessage("subPath \"../other\" of volumeMount \"v\" must not contain '..'");
    assertThatThrownBy(() -> SubPaths.source(volume, mount("{\"subPathExpr\": \"$(ROOT)/etc\"}"),
        Map.of("ROOT", "")))
        .isInstanceOf(ContainerEnv.ConfigException.class)
        .hasMessage("subPath \"/etc\" of volumeMount \"v\" is not a relative path");
    assertThatThrownBy(() -> SubPaths.source(volume, mount("{\"subPath\": \"escape\"}"), Map.of()))
        .isInstanceOf(ContainerEnv.ConfigException.class)
        .hasMessageContaining("leads out of the volume");
    assertThatThrownBy(() -> SubPaths.source(volume, mount("{\"subPath\": \"a\", \"subPathExpr\": \"b\"}"),
        Map.of()))
        .isInstanceOf(ContainerEnv.ConfigException.class)
        .hasMessageContaining("mutually exclusive");
  }

  private static JsonNode mount(String fields) {
    var node = Json.parseObject(fields);
    node.put("name", "v").put("mountPath", "/mnt");
    return node;
  }
}
