package dev.kctl.kletd.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class NodeRegistrationTest {
  private final HostInfo host = new HostInfo(4, 8_000_000, "Debian GNU/Linux 12 (bookworm)", "6.1.0", "amd64",
      "m-1", "b-1");
  private final NodeRegistration registration = new NodeRegistration(null,
      new NodeRegistration.Identity("node-1", "box", "10.0.0.5", 10250, "20000-29999"), host,
      () -> Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void readsTheMachineFromProcAndEtc() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path root = fs.getPath("/");
      write(root.resolve("etc/os-release"), "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
      write(root.resolve("proc/meminfo"), "MemTotal:       16384000 kB\nMemFree: 1 kB\n");
      write(root.resolve("proc/sys/kernel/osrelease"), "6.1.0-28-amd64\n");
      write(root.resolve("etc/machine-id"), "abc\n");

      HostInfo info = HostInfo.read(root);

      assertThat(info.osImage()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
      assertThat(info.memoryKi()).isEqualTo(16_384_000);
      assertThat(info.kernelVersion()).isEqualTo("6.1.0-28-amd64");
      assertThat(info.machineId()).isEqualTo("abc");
      assertThat(info.bootId()).isEmpty();
      assertThat(info.cpus()).isPositive();
    }
  }

  @Test
  void namesArchitecturesAsKubernetesDoes() {
    assertThat(HostInfo.architecture("aarch64")).isEqualTo("arm64");
    assertThat(HostInfo.architecture("amd64")).isEqualTo("amd64");
  }

  @Test
  void declaresLabelsAndTheHostPortRange() {
    ObjectNode node = registration.node();

    assertThat(node.path("metadata").path("labels").path("kubernetes.io/hostname").asString()).isEqualTo("node-1");
    assertThat(node.path("metadata").path("labels").path("kubernetes.io/arch").asString()).isEqualTo("amd64");
    assertThat(node.path("metadata").path("annotations").path("kctl.dev/host-port-range").asString())
        .isEqualTo("20000-29999");
  }

  @Test
  void reportsAddressesCapacityReadinessAndTheEndpointPort() {
    JsonNode status = registration.status(Instant.parse("2026-01-01T00:00:10Z"));

    assertThat(status.path("addresses").get(0).path("type").asString()).isEqualTo("InternalIP");
    assertThat(status.path("addresses").get(0).path("address").asString()).isEqualTo("10.0.0.5");
    assertThat(status.path("capacity").path("memory").asString()).isEqualTo("8000000Ki");
    assertThat(status.path("allocatable").path("pods").asString()).isEqualTo("110");
    JsonNode ready = status.path("conditions").get(0);
    assertThat(ready.path("type").asString()).isEqualTo("Ready");
    assertThat(ready.path("status").asString()).isEqualTo("True");
    assertThat(ready.path("reason").asString()).isEqualTo("KubeletReady");
    assertThat(ready.path("lastHeartbeatTime").asString()).isEqualTo("2026-01-01T00:00:10Z");
    assertThat(status.path("nodeInfo").path("containerRuntimeVersion").asString()).isEqualTo("process://kletd");
    assertThat(status.path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt()).isEqualTo(10250);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
