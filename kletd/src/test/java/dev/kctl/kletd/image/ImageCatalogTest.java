package dev.kctl.kletd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageCatalogTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
      .setAttributeViews("basic", "posix").build());
  private final Path catalog = fs.getPath("/images");
  private final ImageCatalog images = new ImageCatalog(catalog);

  @BeforeEach
  void catalog() throws IOException {
    Files.createDirectories(catalog.resolve("tomcat/lib"));
    Files.writeString(catalog.resolve("tomcat/image.yaml"), """
        entrypoint: [java, -cp, "lib/*", dev.kctl.samples.tomcat.TomcatApp]
        cmd: [--verbose]
        env: {GREETING: hello, COUNT: 3}
        workingDir: lib
        tags: [latest, "11"]
        """);
    Files.createDirectories(catalog.resolve("hello"));
    Files.writeString(catalog.resolve("hello/image.yaml"), "entrypoint: [./hello]\n");
    Files.createDirectories(catalog.resolve("not-an-image"));
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  @Test
  void resolvesANameToItsFolderWithTheManifestsFields() throws Exception {
    Image image = images.resolve("tomcat");

    assertThat(image.entrypoint()).containsExactly("java", "-cp", "lib/*", "dev.kctl.samples.tomcat.TomcatApp");
    assertThat(image.cmd()).containsExactly("--verbose");
    assertThat(image.env()).isEqualTo(Map.of("GREETING", "hello", "COUNT", "3"));
    assertThat(image.workingDir()).isEqualTo(catalog.resolve("tomcat/lib"));
    assertThat(image.imageId()).isEqualTo("catalog:///images/tomcat");
  }

  @Test
  void resolvesLatestAndListedTagsButNotOthers() throws Exception {
    assertThat(images.resolve("tomcat:latest").imageId()).isEqualTo("catalog:///images/tomcat");
    assertThat(images.resolve("tomcat:11").imageId()).isEqualTo("catalog:///images/tomcat");
    assertThatThrownBy(() -> images.resolve("tomcat:9"))
        .isInstanceOf(ImagePullException.class)
        .hasMessageContaining("tag \"9\"").hasMessageContaining("latest, 11");
  }

  @Test
  void defaultsTheWorkingDirToTheImageFolder() throws Exception {
    Image image = images.resolve("hello");

    assertThat(image.workingDir()).isEqualTo(catalog.resolve("hello"));
    assertThat(image.cmd()).isEmpty();
    assertThat(image.env()).isEmpty();
  }

  @Test
  void anUnknownImageNamesTheCatalogAndTheImagesItHolds() {
    assertThatThrownBy(() -> images.resolve("nginx:1.27"))
        .isInstanceOf(ImagePullException.class)
        .hasMessageContaining("\"nginx:1.27\"")
        .hasMessageContaining("/images")
        .hasMessageContaining("which holds: hello, tomcat");
  }

  @Test
  void aMissingCatalogSaysSo() {
    assertThatThrownBy(() -> new ImageCatalog(fs.getPath("/nowhere")).resolve("tomcat"))
        .hasMessageContaining("/nowhere").hasMessageContaining("does not exist");
  }

  @Test
  void resolvesAnAbsoluteFolderOrExecutable() throws Exception {
    Path program = fs.getPath("/opt/tool/run");
    Files.createDirectories(program.getParent());
    Files.writeString(program, "#!/bin/sh\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(images.resolve("/images/hello").entrypoint()).containsExactly("./hello");
    Image tool = images.resolve("/opt/tool/run");
    assertThat(tool.entrypoint()).containsExactly("/opt/tool/run");
    assertThat(tool.workingDir()).isEqualTo(fs.getPath("/opt/tool"));
    assertThatThrownBy(() -> images.resolve("/opt/none")).isInstanceOf(ImagePullException.class);
  }

  @Test
  void aMalformedManifestIsAPullErrorNamingTheFile() throws IOException {
    Files.writeString(catalog.resolve("hello/image.yaml"), "entrypoint: java\n");

    assertThatThrownBy(() -> images.resolve("hello"))
        .isInstanceOf(ImagePullException.class)
        .hasMessageContaining("entrypoint").hasMessageContaining("/images/hello/image.yaml");
  }

  @Test
  void listsOnlyFoldersWithAManifest() {
    assertThat(images.images()).isEqualTo(List.of("hello", "tomcat"));
  }
}
