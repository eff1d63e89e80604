package dev.kctl.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.ListOptions;
import dev.kctl.client.NodeJoin;
import dev.kctl.client.NodeToken;
import dev.kctl.client.RestClient;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where kctld listens, and that clients on other machines can verify it there. */
class ListenAddressTest {
  @TempDir Path dir;

  @Test
  void listensOnLoopbackUnlessToldOtherwise() {
    Kctld kctld = new Kctld();
    new CommandLine(kctld).parseArgs();

    assertThat(Kctld.address(kctld.listen)).isEqualTo(new InetSocketAddress("127.0.0.1", 6443));
  }

  @Test
  void clientsVerifyingAgainstTheClusterCaAcceptTheServerOnANonLoopbackAddress() throws Exception {
    String ip = ownAddress().orElse(null);
    assumeTrue(ip != null, "this machine has no non-loopback IPv4 address to listen on");

    try (ControlPlane plane = ControlPlane.start(new ControlPlane.Config(dir, new InetSocketAddress(ip, 0)),
        InstantSource.system())) {
      assertThat(plane.url()).startsWith("https://" + ip + ":");
      NodeJoin joined = NodeJoin.request(URI.create(plane.url()), NodeToken.read(plane.nodeTokenFile()), "", "n1",
          List.of(ip));
      try (RestClient admin = RestClient.connect(KubeConfig.load(plane.kubeconfig()));
          RestClient node = RestClient.forNode(URI.create(plane.url()), joined.caCertificatePem(), joined.token())) {
        assertThat(admin.get(ResourceTypes.NAMESPACES, null, "default").path("metadata").path("name").asString(""))
            .isEqualTo("default");
        assertThat(node.list(ResourceTypes.NODES, null, ListOptions.NONE).path("items").isArray()).isTrue();
      }
    }
  }

  @Test
  void aWildcardListenAddressCertifiesEveryInterfaceAddressAndTheHostName() throws Exception {
    List<String> names = ServingNames.of(new InetSocketAddress("0.0.0.0", 6443),
        () -> List.of(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("10.213.0.1"),
            InetAddress.ofLiteral("fe80::1"), InetAddress.ofLiteral("fd00::2")),
        () -> "box-1");

    assertThat(names).containsExactly("10.213.0.1", "fd00:0:0:0:0:0:0:2", "box-1");
  }

  @Test
  void aSpecificListenAddressIsCertifiedAsGiven() {
    assertThat(ServingNames.of(new InetSocketAddress("10.213.0.1", 0), List::of, () -> "box-1"))
        .containsExactly("10.213.0.1");
  }

  private static Optional<String> ownAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(ListenAddressTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .map(InetAddress::getHostAddress)
        .findFirst();
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp();
    } catch (SocketException e) {
      return false;
    }
  }
}
