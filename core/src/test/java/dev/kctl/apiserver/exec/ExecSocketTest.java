package dev.kctl.apiserver.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecSocketTest {
  @Test
  void choosesV5FromKubectlsCommaSeparatedOffer() {
    assertThat(ExecSocket.choose(List.of(
        "v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io")))
        .contains("v5.channel.k8s.io");
  }

  @Test
  void fallsBackToV4AndRefusesProtocolsWithoutAStatusStream() {
    assertThat(ExecSocket.choose(List.of("v4.channel.k8s.io", "v3.channel.k8s.io"))).contains("v4.channel.k8s.io");
    assertThat(ExecSocket.choose(List.of("v3.channel.k8s.io, channel.k8s.io"))).isEmpty();
    assertThat(ExecSocket.choose(List.of())).isEmpty();
  }
}
