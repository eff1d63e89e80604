package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply's -R, --dry-run, --server-side and --prune against the fake API. */
class ApplyFlagsTest {
  private final CliRun cli = new CliRun();
  @TempDir Path dir;

  private static String configMap(String name, String labels) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          labels: {%s}
        data: {k: v}
        """.formatted(name, labels);
  }

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void recursiveReadsManifestsInSubfoldersWhilePlainFolderReadsTopLevelOnly() throws IOException {
    write("a.yaml", configMap("top", "app: x"));
    write("sub/b.yaml", configMap("nested", "app: x"));

    assertThat(cli.kctl("apply", "-f", dir.toString()).out()).isEqualTo("configmap/top created\n");
    assertThat(cli.kctl("apply", "-R", "-f", dir.toString()).out())
        .isEqualTo("configmap/top unchanged\nconfigmap/nested created\n");
  }

  @Test
  void clientDryRunPrintsWhatWouldHappenAndWritesNothing() throws IOException {
    Path file = write("cm.yaml", configMap("settings", "app: x"));

    CliRun.Result result = cli.kctl("apply", "-f", file.toString(), "--dry-run=client");

    assertThat(result.out()).isEqualTo("configmap/settings created (dry run)\n");
    assertThat(cli.client.writes).isEmpty();
  }

  @Test
  void serverDryRunSendsDryRunAllAndSaysSo() throws IOException {
    Path file = write("cm.yaml", configMap("settings", "app: x"));

    CliRun.Result result = cli.kctl("apply", "-f", file.toString(), "--dry-run=server");

    assertThat(result.out()).isEqualTo("configmap/settings created (server dry run)\n");
    assertThat(cli.client.parameterizedWrites).containsExactly(
        "create configmaps/default/settings WriteParameters[dryRun=true, fieldManager=, force=false]");
    assertThat(cli.client.writes).isEmpty();
  }

  @Test
  void serverSideSendsAnApplyPatchWithTheFieldManagerAndForce() throws IOException {
    Path file = write("cm.yaml", configMap("settings", "app: x"));

    CliRun.Result result = cli.kctl("apply", "--server-side", "--force-conflicts", "--field-manager=ci", "-f",
        file.toString());

    assertThat(result.out()).isEqualTo("configmap/settings serverside-applied\n");
    assertThat(cli.client.parameterizedWrites).containsExactly(
        "APPLY configmaps/default/settings WriteParameters[dryRun=false, fieldManager=ci, force=true]");
    assertThat(cli.client.get(ResourceTypes.CONFIGMAPS, "default", "settings").at("/data/k").asString()).isEqualTo("v");
  }

  @Test
  void serverSideConflictPrintsTheServersMessageWithKubectlsAdviceAndFails() throws IOException {
    Path file = write("cm.yaml", configMap("settings", "app: x"));
    cli.client.applyConflict = "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.k";

    CliRun.Result result = cli.kctl("apply", "--server-side", "-f", file.toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: Apply failed with 1 conflict: conflict with"
            + " \"kubectl-client-side-apply\" using v1: .data.k\nPlease review the fields above--they currently have"
            + " other managers.")
        .contains("`--force-conflicts` flag");
  }

  @Test
  void refusesFlagCombinationsKubectlRefuses() throws IOException {
    Path file = write("cm.yaml", configMap("settings", "app: x"));

    assertThat(cli.kctl("apply", "--server-side", "--dry-run=client", "-f", file.toString()).err())
        .isEqualTo("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n");
    assertThat(cli.kctl("apply", "--force-conflicts", "-f", file.toString()).err())
        .isEqualTo("error: --force-conflicts only works with --server-side\n");
    assertThat(cli.kctl("apply", "--prune", "-f", file.toString()).err())
        .startsWith("error: all resources selected for prune without explicitly passing --all.");
    assertThat(cli.client.writes).isEmpty();
  }

  @Test
  void pruneDeletesPreviouslyAppliedObjectsOfTheSelectorThatAreGoneFromTheManifests() throws IOException {
    Path first = write("v1/all.yaml", configMap("keep", "app: x") + "---\n" + configMap("old", "app: x"));
    cli.kctl("apply", "-f", first.toString());
    // Neither made by apply (no annotation) nor matching the selector: both must survive.
    cli.client.put(ResourceTypes.CONFIGMAPS, Json.parseObject(
        "{\"metadata\": {\"name\": \"handmade\", \"namespace\": \"default\", \"labels\": {\"app\": \"x\"}}}"));
    cli.kctl("apply", "-f", write("other.yaml", configMap("other-app", "app: y")).toString());
    Path second = write("v2/all.yaml", configMap("keep", "app: x"));

    CliRun.Result dryRun = cli.kctl("apply", "--prune", "-l", "app=x", "--dry-run=client", "-f", second.toString());
    CliRun.Result result = cli.kctl("apply", "--prune", "-l", "app=x", "-f", second.toString());

    assertThat(dryRun.out()).isEqualTo("configmap/keep unchanged (dry run)\nconfigmap/old pruned (dry run)\n");
    assertThat(result.out()).isEqualTo("configmap/keep unchanged\nconfigmap/old pruned\n");
    assertThat(cli.client.objects.keySet()).containsExactlyInAnyOrder(
        "configmaps/default/keep", "configmaps/default/handmade", "configmaps/default/other-app");
  }
}
