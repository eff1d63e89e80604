package dev.kctl.kletd.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import dev.kctl.kletd.proxy.ServiceAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {
  static final String NODE_HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost";
  static final List<ServiceAddress> SERVICES = List.of(
      new ServiceAddress("default", "kubernetes", List.of("127.96.0.1")),
      new ServiceAddress("shop", "db", List.of("127.0.0.1", "10.0.0.9")),
      new ServiceAddress("shop", "web", List.of("127.96.0.7")));

  @TempDir Path temp;

  static PodView pod(String namespace, String extraSpec) {
    return PodView.of(Json.parseObject("""
        {"metadata": {"name": "cart-7d9", "namespace": "%s", "uid": "u-1"},
         "spec": {"nodeName": "n1", %s "containers": [{"name": "c", "image": "app"}]}}
        """.formatted(namespace, extraSpec)));
  }

  @Test
  void listsTheNodesHostsThenThePodThenEachServiceByItsQualifiedNames() {
    String content = HostsFile.content(NODE_HOSTS, pod("shop", ""), "10.0.0.5", SERVICES);

    List<String> lines = content.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertThat(lines).containsExactly(
        "127.0.0.1\tlocalhost",
        "::1\tlocalhost ip6-localhost",
        "10.0.0.5\tcart-7d9",
        "127.96.0.1\tkubernetes.default.svc.cluster.local kubernetes.default.svc kubernetes.default",
        "127.0.0.1\tdb.shop.svc.cluster.local db.shop.svc db.shop db",
        "10.0.0.9\tdb.shop.svc.cluster.local db.shop.svc db.shop db",
        "127.96.0.7\tweb.shop.svc.cluster.local web.shop.svc web.shop web");
    assertThat(content).startsWith("# Kubernetes-managed hosts file").endsWith("\n");
  }

  @Test
  void givesShortNamesOnlyForServicesOfThePodsNamespace() {
    String content = HostsFile.content(NODE_HOSTS, pod("default", ""), "10.0.0.5", SERVICES);

    assertThat(content).contains("127.96.0.1\tkubernetes.default.svc.cluster.local kubernetes.default.svc"
        + " kubernetes.default kubernetes\n");
    assertThat(content).contains("127.96.0.7\tweb.shop.svc.cluster.local web.shop.svc web.shop\n")
        .doesNotContain(" web\n");
  }

  @Test
  void namesThePodByItsHostnameAndSubdomainAndAddsItsHostAliases() {
    PodView pod = pod("shop", """
        "hostname": "cart", "subdomain": "carts",
        "hostAliases": [{"ip": "10.1.1.1", "hostnames": ["foo.local", "bar.local"]}],""");

    String content = HostsFile.content("", pod, "10.0.0.5", List.of());

    assertThat(content).contains("10.0.0.5\tcart.carts.shop.svc.cluster.local cart\n")
        .contains("# Entries added by HostAliases.\n10.1.1.1\tfoo.local bar.local\n");
  }

  @Test
  void rewritesTheSameFileInPlaceAndCutsItToTheNewLength() throws Exception {
    Path file = temp.resolve("pod/etc-hosts");
    String longer = HostsFile.content(NODE_HOSTS, pod("shop", ""), "10.0.0.5", SERVICES);
    String shorter = HostsFile.content(NODE_HOSTS, pod("shop", ""), "10.0.0.5", SERVICES.subList(0, 1));

    assertThat(HostsFile.write(file, longer)).isTrue();
    Object inode = Files.getAttribute(file, "unix:ino");
    assertThat(HostsFile.write(file, longer)).as("unchanged").isFalse();
    assertThat(HostsFile.write(file, shorter)).isTrue();

    assertThat(Files.readString(file)).isEqualTo(shorter);
    assertThat(Files.getAttribute(file, "unix:ino")).as("same inode, which a bind mount keeps showing")
        .isEqualTo(inode);
    assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
        .contains("OTHERS_READ").doesNotContain("OTHERS_WRITE");

    assertThat(HostsFile.write(file, longer)).isTrue();
    assertThat(Files.readString(file)).isEqualTo(longer);
  }
}
