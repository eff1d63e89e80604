package dev.kctl.kletd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KletdTest {
  @TempDir Path temp;
  private Path token;

  @BeforeEach
  void tokenFile() throws IOException {
    token = temp.resolve("node-token");
    Files.writeString(token, "K10" + "a".repeat(64) + "::node:secret\n");
  }

  @Test
  void fillsInDefaults() {
    KletdConfig config = parse("--server", "https://127.0.0.1:6443", "--token-file", token.toString(),
        "--data-dir", temp.resolve("node").toString(), "--node-name", "Node-1");

    assertThat(config.nodeName()).isEqualTo("node-1");
    assertThat(config.imageDir()).isEqualTo(temp.resolve("node/images"));
    assertThat(config.listen()).isEqualTo(new KletdConfig.HostPort("127.0.0.1", 0));
    assertThat(config.address()).isEqualTo("127.0.0.1");
    assertThat(config.hostPortRange()).isEqualTo(new KletdConfig.PortRange(20000, 29999));
    assertThat(config.simulate()).isZero();
    assertThat(config.caCertHash()).isEmpty();
  }

  @Test
  void readsEveryFlag() {
    KletdConfig config = parse("--server", "https://10.0.0.1:6443", "--token-file", token.toString(),
        "--data-dir", "/d", "--node-name", "n", "--ca-cert-hash", "sha256:" + "b".repeat(64),
        "--image-dir", "/images", "--listen", "0.0.0.0:10250", "--node-ip", "10.0.0.7",
        "--host-port-range", "30000-30100", "--simulate", "3");

    assertThat(config.listen()).isEqualTo(new KletdConfig.HostPort("0.0.0.0", 10250));
    assertThat(config.address()).isEqualTo("10.0.0.7");
    assertThat(config.imageDir()).isEqualTo(Path.of("/images"));
    assertThat(config.hostPortRange()).isEqualTo(new KletdConfig.PortRange(30000, 30100));
    assertThat(config.simulate()).isEqualTo(3);
  }

  @Test
  void rejectsBadFlagsNamingTheFlag() {
    assertThatThrownBy(() -> parse("--server", "127.0.0.1:6443", "--token-file", token.toString()))
        .hasMessageContaining("--server");
    assertThatThrownBy(() -> parse("--server", "https://h", "--token-file", temp.resolve("none").toString()))
        .hasMessageContaining("--token-file").hasMessageContaining("none");
    assertThatThrownBy(() -> parse("--server", "https://h", "--token-file", token.toString(), "--listen", "10250"))
        .hasMessageContaining("--listen");
    assertThatThrownBy(() -> parse("--server", "https://h", "--token-file", token.toString(),
        "--host-port-range", "3000-2000")).hasMessageContaining("--host-port-range");
    assertThatThrownBy(() -> parse("--server", "https://h", "--token-file", token.toString(), "--node-ip", "node1"))
        .hasMessageContaining("--node-ip");
    assertThatThrownBy(() -> parse("--server", "https://h", "--token-file", token.toString(), "--node-ip", "0.0.0.0"))
        .hasMessageContaining("--node-ip 0.0.0.0");
    assertThatThrownBy(() -> parse("--server", "https://h", "--token-file", token.toString(),
        "--ca-cert-hash", "md5:00")).hasMessageContaining("--ca-cert-hash");
    assertThatThrownBy(() -> parse("--server", "https://h", "--token-file", token.toString(),
        "--node-name", "under_score")).hasMessageContaining("--node-name");
  }

  @Test
  void theNodeEndpointListensOnTheNodeIpWhenNoListenAddressIsGiven() {
    KletdConfig config = parse("--server", "https://10.0.0.1:6443", "--token-file", token.toString(),
        "--data-dir", "/d", "--node-name", "n", "--node-ip", "10.0.0.7");

    assertThat(config.address()).isEqualTo("10.0.0.7");
    assertThat(config.listen()).isEqualTo(new KletdConfig.HostPort("10.0.0.7", 0));
  }

  @Test
  void withoutNodeIpTakesTheAddressThatReachesTheServer() throws SocketException {
    Optional<InetAddress> own = NetworkInterface.networkInterfaces()
        .filter(KletdTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .findFirst();
    assumeTrue(own.isPresent(), "this machine has no non-loopback IPv4 address to act as the server's");
    String ip = own.get().getHostAddress();

    KletdConfig config = parse("--server", "https://" + ip + ":6443", "--token-file", token.toString(),
        "--data-dir", "/d", "--node-name", "n");

    assertThat(config.address()).isEqualTo(ip);
    assertThat(config.listen()).isEqualTo(new KletdConfig.HostPort(ip, 0));
  }

  @Test
  void withoutNodeIpAnUnresolvableServerAsksForNodeIp() {
    assertThatThrownBy(() -> parse("--server", "https://no-such-host.invalid:6443", "--token-file", token.toString(),
        "--data-dir", "/d", "--node-name", "n"))
        .hasMessageContaining("no-such-host.invalid").hasMessageContaining("--node-ip");
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp();
    } catch (SocketException e) {
      return false;
    }
  }

  private static KletdConfig parse(String... args) {
    Kletd kletd = new Kletd();
    new CommandLine(kletd).parseArgs(args);
    return kletd.config();
  }
}
