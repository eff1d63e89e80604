package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortSpecTest {
  @Test
  void aSinglePortForwardsTheSameLocalPort() {
    assertThat(PortSpec.parse("8080")).isEqualTo(new PortSpec(8080, "8080"));
  }

  @Test
  void anEmptyOrZeroLocalPortPicksAFreeOne() {
    assertThat(PortSpec.parse(":8080")).isEqualTo(new PortSpec(0, "8080"));
    assertThat(PortSpec.parse("0:8080")).isEqualTo(new PortSpec(0, "8080"));
  }

  @Test
  void aLocalPortAndANamedRemotePortAreKept() {
    assertThat(PortSpec.parse("9000:http")).isEqualTo(new PortSpec(9000, "http"));
  }

  @Test
  void malformedPortsAreRefusedWithTheArgumentNamed() {
    assertThatThrownBy(() -> PortSpec.parse("99999:80")).hasMessageContaining("\"99999:80\"");
    assertThatThrownBy(() -> PortSpec.parse("8080:")).hasMessageContaining("remote port is missing");
    assertThatThrownBy(() -> PortSpec.parse("http")).hasMessageContaining("needs a local port");
  }
}
