package dev.kctl.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kctl.pki.ClusterPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeConfigTest {
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
  private static final String CA = """
      -----BEGIN CERTIFICATE-----
      MIIBfake
      -----END CERTIFICATE-----
      """;

  @Test
  void writtenKubeconfigLoadsBackTheSameContext(@TempDir Path dir) {
    Path file = dir.resolve("admin.kubeconfig");
    KubeConfig.write(file, "kctl", "https://127.0.0.1:6443", CA, "admin", "s3cret");

    KubeConfig config = KubeConfig.load(file);

    assertThat(config).isEqualTo(
        new KubeConfig("kctl", URI.create("https://127.0.0.1:6443"), CA, "s3cret", "default"));
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void writtenKubeconfigIsOwnerOnlyAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sub").resolve("admin.kubeconfig");
    KubeConfig.write(file, "kctl", "https://127.0.0.1:6443", CA, "admin", "one");
    KubeConfig.write(file, "kctl", "https://127.0.0.1:6443", CA, "admin", "two");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
    assertThat(KubeConfig.load(file).token()).isEqualTo("two");
  }

  @Test
  void realKubectlReadsTheWrittenKubeconfig(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed");
    Path file = dir.resolve("admin.kubeconfig");
    KubeConfig.write(file, "kctl", "https://127.0.0.1:6443", CA, "admin", "s3cret");

    assertThat(kubectl(dir, "--kubeconfig", file.toString(), "config", "current-context"))
        .isEqualTo("kctl");
    assertThat(kubectl(dir, "--kubeconfig", file.toString(), "config", "view", "--raw", "-o",
        "jsonpath={.clusters[0].cluster.server} {.users[0].user.token} {.contexts[0].context.user}"
            + " {.clusters[0].cluster.certificate-authority-data}"))
        .isEqualTo("https://127.0.0.1:6443 s3cret admin "
            + java.util.Base64.getEncoder().encodeToString(CA.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void realKubectlTrustsTheClusterCaAndSendsTheToken(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed");
    ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("server"), List.of());
    List<String> authorizations = new ArrayList<>();
    try (TestHttpsServer server = new TestHttpsServer(pki, "127.0.0.1")) {
      server.handle("/version", exchange -> {
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        TestHttpsServer.reply(exchange, 200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-kctl\"}");
      });
      Path file = dir.resolve("admin.kubeconfig");
      KubeConfig.write(file, "kctl", server.url().toString(), pki.caCertificatePem(), "admin", "s3cret");

      assertThat(kubectl(dir, "--kubeconfig", file.toString(), "get", "--raw", "/version"))
          .contains("v1.32.0-kctl");
      assertThat(authorizations).contains("Bearer s3cret");
    }
  }

  @Test
  void resolvesCaAndTokenFilesRelativeToTheKubeconfig(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("ca.crt"), CA);
    Files.writeString(dir.resolve("token"), "from-file\n");
    Path file = Files.writeString(dir.resolve("config"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: {server: "https://k.example:6443", certificate-authority: ca.crt}
        users:
        - name: u
          user: {tokenFile: token}
        contexts:
        - name: one
          context: {cluster: c, user: u, namespace: team-a}
        - name: two
          context: {cluster: c, user: u}
        current-context: one
        """);

    KubeConfig one = KubeConfig.load(file);
    KubeConfig two = KubeConfig.load(file, "two");

    assertThat(one).isEqualTo(
        new KubeConfig("one", URI.create("https://k.example:6443"), CA, "from-file", "team-a"));
    assertThat(two.namespace()).isEqualTo("default");
  }

  @Test
  void errorsNameTheFileAndTheMissingEntry(@TempDir Path dir) throws IOException {
    Path noCurrent = Files.writeString(dir.resolve("a"), "apiVersion: v1\nkind: Config\n");
    Path noContext = Files.writeString(dir.resolve("b"), "current-context: x\ncontexts: []\n");
    Path noCluster = Files.writeString(dir.resolve("c"), """
        current-context: x
        contexts: [{name: x, context: {cluster: gone, user: u}}]
        """);
    Path noServer = Files.writeString(dir.resolve("d"), """
        current-context: x
        contexts: [{name: x, context: {cluster: c}}]
        clusters: [{name: c, cluster: {}}]
        """);
    Path noUser = Files.writeString(dir.resolve("e"), """
        current-context: x
        contexts: [{name: x, context: {cluster: c, user: nobody}}]
        clusters: [{name: c, cluster: {server: "https://h:1"}}]
        """);
    Path notYaml = Files.writeString(dir.resolve("f"), "clusters: [unclosed\n");

    assertThatThrownBy(() -> KubeConfig.load(noCurrent))
        .hasMessageContaining(noCurrent.toString()).hasMessageContaining("no current-context");
    assertThatThrownBy(() -> KubeConfig.load(noContext))
        .hasMessageContaining(noContext.toString()).hasMessageContaining("contexts has no entry named \"x\"");
    assertThatThrownBy(() -> KubeConfig.load(noCluster))
        .hasMessageContaining(noCluster.toString()).hasMessageContaining("clusters has no entry named \"gone\"");
    assertThatThrownBy(() -> KubeConfig.load(noServer))
        .hasMessageContaining(noServer.toString()).hasMessageContaining("cluster \"c\" has no server");
    assertThatThrownBy(() -> KubeConfig.load(noUser))
        .hasMessageContaining(noUser.toString()).hasMessageContaining("users has no entry named \"nobody\"");
    assertThatThrownBy(() -> KubeConfig.load(notYaml))
        .hasMessageContaining(notYaml.toString()).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> KubeConfig.load(dir.resolve("missing")))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("does not exist");
  }

  @Test
  void locatePrefersTheFlagThenKubeconfigVariableThenHome(@TempDir Path dir) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path homeConfig = Files.createDirectories(home.resolve(".kube")).resolve("config");
    Files.writeString(homeConfig, "");
    Path second = Files.writeString(dir.resolve("second"), "");
    Path flag = Files.writeString(dir.resolve("flag"), "");
    String variable = dir.resolve("absent") + ":" + second;

    assertThat(KubeConfig.locate(flag.toString(), variable, home, dir)).isEqualTo(flag);
    assertThat(KubeConfig.locate(null, variable, home, dir)).isEqualTo(second);
    assertThat(KubeConfig.locate(null, dir.resolve("absent").toString(), home, dir)).isEqualTo(homeConfig);
    assertThat(KubeConfig.locate("", null, home, dir)).isEqualTo(homeConfig);
  }

  @Test
  void relativePathsStartAtTheGivenWorkingDirectoryNotThisProcesss(@TempDir Path dir) throws IOException {
    Path home = dir.resolve("home");
    Path config = Files.writeString(Files.createDirectories(dir.resolve("shell")).resolve("config"), "");

    assertThat(KubeConfig.locate("config", null, home, dir.resolve("shell"))).isEqualTo(config);
    assertThat(KubeConfig.locate(null, "absent:config", home, dir.resolve("shell"))).isEqualTo(config);
  }

  @Test
  void locateErrorListsThePlacesTried(@TempDir Path dir) {
    Path home = dir.resolve("home");
    String variable = dir.resolve("x") + "::" + dir.resolve("y");

    assertThatThrownBy(() -> KubeConfig.locate(null, variable, home, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.resolve("x") + " (from $KUBECONFIG)")
        .hasMessageContaining(dir.resolve("y") + " (from $KUBECONFIG)")
        .hasMessageContaining(home.resolve(".kube/config").toString());
    assertThatThrownBy(() -> KubeConfig.locate(dir.resolve("nope").toString(), null, home, dir))
        .hasMessageContaining("nope").hasMessageContaining("--kubeconfig");
  }

  private static String kubectl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KUBECTL.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    // kubectl must not pick up a cache or config of the machine running the tests.
    builder.environment().put("HOME", dir.toString());
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
      assertThat(process.exitValue()).as("kubectl exit code, output: %s", output).isZero();
      return output.strip();
    } finally {
      process.destroyForcibly();
    }
  }
}
