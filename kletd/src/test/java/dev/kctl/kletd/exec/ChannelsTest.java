package dev.kctl.kletd.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChannelsTest {
  @Test
  void prefersV5ThenV4AndRefusesOlderProtocols() {
    assertThat(Channels.choose(List.of("v4.channel.k8s.io", "v5.channel.k8s.io"))).contains("v5.channel.k8s.io");
    assertThat(Channels.choose(List.of("v4.channel.k8s.io", "v3.channel.k8s.io"))).contains("v4.channel.k8s.io");
    assertThat(Channels.choose(List.of("v3.channel.k8s.io", "channel.k8s.io"))).isEmpty();
  }

  @Test
  void frameStartsWithTheStreamByteFollowedByTheData() {
    ByteBuffer frame = Channels.frame(Channels.STDERR, "oops!".getBytes(StandardCharsets.UTF_8), 4);

    assertThat(frame.remaining()).isEqualTo(5);
    assertThat(frame.get()).isEqualTo((byte) 2);
    byte[] rest = new byte[4];
    frame.get(rest);
    assertThat(new String(rest, StandardCharsets.UTF_8)).isEqualTo("oops");
  }

  @Test
  void nonZeroExitIsAFailureCarryingTheCodeAsKubectlReadsIt() {
    ByteBuffer frame = Channels.statusFrame(Channels.exitStatus(List.of("sh", "-c", "exit 3"), 3));

    assertThat(frame.get()).isEqualTo(Channels.ERROR);
    JsonNode status = Json.parse(java.util.Arrays.copyOfRange(frame.array(), 1, frame.limit()));
    assertThat(status.path("status").asString()).isEqualTo("Failure");
    assertThat(status.path("reason").asString()).isEqualTo("NonZeroExitCode");
    assertThat(status.path("details").path("causes").get(0).path("reason").asString()).isEqualTo("ExitCode");
    assertThat(status.path("details").path("causes").get(0).path("message").asString()).isEqualTo("3");
  }

  @Test
  void zeroExitIsSuccessWithoutDetails() {
    JsonNode status = Channels.exitStatus(List.of("true"), 0);

    assertThat(status.path("status").asString()).isEqualTo("Success");
    assertThat(status.has("details")).isFalse();
  }
}
