package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.kctl.codec.Manifest;
import dev.kctl.codec.ManifestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManifestFilesTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private static final InputStream NO_STDIN = InputStream.nullInputStream();

  @AfterEach
  void closeFileSystem() throws IOException {
    fs.close();
  }

  private static String namespace(String name) {
    return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n";
  }

  @Test
  void readsTheManifestsOfAFolderByNameSkippingOtherFiles() throws IOException {
    Path dir = Files.createDirectories(fs.getPath("/work/manifests"));
    Files.writeString(dir.resolve("b.yaml"), namespace("b"));
    Files.writeString(dir.resolve("a.yml"), namespace("a") + "---\n" + namespace("a2"));
    Files.writeString(dir.resolve("c.json"), "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"c\"}}");
    Files.writeString(dir.resolve("README.md"), "not a manifest");
    Files.createDirectories(dir.resolve("nested"));
    Files.writeString(dir.resolve("nested/d.yaml"), namespace("d"));

    List<Manifest> manifests = ManifestFiles.read(List.of("/work/manifests"), NO_STDIN, fs.getPath("/"));

    assertThat(manifests).extracting(Manifest::name).containsExactly("a", "a2", "b", "c");
    assertThat(manifests.get(1).source()).isEqualTo("/work/manifests/a.yml");
  }

  @Test
  void readsStdinForADashAndKeepsTheOrderOfArguments() throws IOException {
    Files.writeString(fs.getPath("/one.yaml"), namespace("one"));
    InputStream stdin = new ByteArrayInputStream(namespace("two").getBytes(StandardCharsets.UTF_8));

    List<Manifest> manifests = ManifestFiles.read(List.of("-", "/one.yaml"), stdin, fs.getPath("/"));

    assertThat(manifests).extracting(Manifest::name, Manifest::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("two", "STDIN"),
            org.assertj.core.groups.Tuple.tuple("one", "/one.yaml"));
  }

  @Test
  void failsOnAMissingPathOrABadDocumentInAnyFile() throws IOException {
    Files.writeString(fs.getPath("/good.yaml"), namespace("good"));
    Files.writeString(fs.getPath("/bad.yaml"), "apiVersion: v1\nkind: [\n");

    assertThatThrownBy(() -> ManifestFiles.read(List.of("/good.yaml", "/missing.yaml"), NO_STDIN, fs.getPath("/")))
        .isInstanceOf(CommandException.class)
        .hasMessage("the path \"/missing.yaml\" does not exist");
    assertThatThrownBy(() -> ManifestFiles.read(List.of("/good.yaml", "/bad.yaml"), NO_STDIN, fs.getPath("/")))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("/bad.yaml:2:");
  }
}
