package dev.kctl.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.client.NodeToken;
import dev.kctl.pki.ClusterTokens.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTokensTest {
  private static final String HASH = "sha256:" + "ab".repeat(32);
  private static final String OTHER_HASH = "sha256:" + "cd".repeat(32);

  @Test
  void createsOwnerOnlyTokenFilesWithTheNodeTokenFormat(@TempDir Path dir) throws IOException {
    ClusterTokens tokens = ClusterTokens.loadOrCreate(dir, HASH);

    assertThat(tokens.adminToken()).matches("[0-9a-f]{64}");
    assertThat(tokens.nodeToken()).matches("K10" + "ab".repeat(32) + "::node:[0-9a-f]{64}");
    assertThat(Files.readString(dir.resolve("node-token"))).isEqualTo(tokens.nodeToken() + "\n");
    assertThat(NodeToken.read(dir.resolve("node-token")).caCertHash()).isEqualTo(HASH);
    for (String name : new String[] {"admin-token", "node-token"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
          .as(name).isEqualTo("rw-------");
    }
  }

  @Test
  void keepsTheSameTokensAcrossRestarts(@TempDir Path dir) {
    ClusterTokens first = ClusterTokens.loadOrCreate(dir, HASH);
    ClusterTokens second = ClusterTokens.loadOrCreate(dir, HASH);

    assertThat(second.adminToken()).isEqualTo(first.adminToken());
    assertThat(second.nodeToken()).isEqualTo(first.nodeToken());
  }

  @Test
  void rewritesTheNodeTokenWithTheNewCaHashKeepingItsSecret(@TempDir Path dir) {
    ClusterTokens first = ClusterTokens.loadOrCreate(dir, HASH);
    ClusterTokens second = ClusterTokens.loadOrCreate(dir, OTHER_HASH);

    String secret = first.nodeToken().substring(first.nodeToken().lastIndexOf(':'));
    assertThat(second.nodeToken()).startsWith("K10" + "cd".repeat(32)).endsWith(secret);
    assertThat(second.adminToken()).isEqualTo(first.adminToken());
  }

  @Test
  void authenticatesAdminAndNodeTokensAndNothingElse(@TempDir Path dir) {
    ClusterTokens tokens = ClusterTokens.loadOrCreate(dir, HASH);
    String node = tokens.nodeToken();

    assertThat(tokens.authenticate(tokens.adminToken())).isEqualTo(Identity.ADMIN);
    assertThat(tokens.authenticate(node)).isEqualTo(Identity.NODE);
    assertThat(tokens.authenticate(null)).isEqualTo(Identity.NONE);
    assertThat(tokens.authenticate("")).isEqualTo(Identity.NONE);
    assertThat(tokens.authenticate(tokens.adminToken().substring(1))).isEqualTo(Identity.NONE);
    assertThat(tokens.authenticate(tokens.adminToken() + "0")).isEqualTo(Identity.NONE);
    assertThat(tokens.authenticate(node.substring(0, node.length() - 1) + "x")).isEqualTo(Identity.NONE);
    assertThat(ClusterTokens.loadOrCreate(dir.resolve("other"), HASH).authenticate(node))
        .isEqualTo(Identity.NONE);
  }

  @Test
  void toStringHidesTheSecrets(@TempDir Path dir) {
    ClusterTokens tokens = ClusterTokens.loadOrCreate(dir, HASH);

    assertThat(tokens.toString()).doesNotContain(tokens.adminToken())
        .doesNotContain(tokens.nodeToken());
  }
}
