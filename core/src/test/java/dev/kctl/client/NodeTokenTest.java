package dev.kctl.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTokenTest {
  private static final String HEX = "0123456789abcdef".repeat(4);
  private static final String SECRET = "5ec2e7".repeat(4);

  @Test
  void parsesCaHashAndKeepsTheWholeLineAsToken() {
    NodeToken token = NodeToken.parse("  K10" + HEX.toUpperCase() + "::node:" + SECRET + "\n");

    assertThat(token.caCertHash()).isEqualTo("sha256:" + HEX);
    assertThat(token.token()).isEqualTo("K10" + HEX.toUpperCase() + "::node:" + SECRET);
  }

  @Test
  void createBuildsTheLineThatParseReads() {
    NodeToken created = NodeToken.create("sha256:" + HEX, SECRET);

    assertThat(created.token()).isEqualTo("K10" + HEX + "::node:" + SECRET);
    assertThat(NodeToken.parse(created.token())).isEqualTo(created);
  }

  @Test
  void rejectsMalformedTokensWithoutRepeatingTheSecret() {
    assertThatThrownBy(() -> NodeToken.parse("  ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> NodeToken.parse("X10" + HEX + "::node:" + SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("K10")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> NodeToken.parse("K10" + HEX + "node:" + SECRET))
        .hasMessageContaining("no '::'").hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> NodeToken.parse("K10abc::node:" + SECRET))
        .hasMessageContaining("64 hex digits").hasMessageContaining("found 3");
    assertThatThrownBy(() -> NodeToken.parse("K10" + "g".repeat(64) + "::node:" + SECRET))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> NodeToken.parse("K10" + HEX + "::node:"))
        .hasMessageContaining("<user>:<secret>");
    assertThatThrownBy(() -> NodeToken.parse("K10" + HEX + "::" + SECRET))
        .hasMessageContaining("<user>:<secret>").hasMessageNotContaining(SECRET);
  }

  @Test
  void readTakesTheFirstNonBlankLine(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("node-token"), "\n K10" + HEX + "::node:" + SECRET + "\n");

    assertThat(NodeToken.read(file).caCertHash()).isEqualTo("sha256:" + HEX);
  }

  @Test
  void readErrorsNameTheFile(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing-token");
    Path bad = Files.writeString(dir.resolve("bad-token"), "hello\n");

    assertThatThrownBy(() -> NodeToken.read(missing))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> NodeToken.read(bad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.toString())
        .hasMessageContaining("K10");
  }

  @Test
  void toStringHidesTheSecret() {
    assertThat(NodeToken.create("sha256:" + HEX, SECRET).toString())
        .contains("sha256:" + HEX).doesNotContain(SECRET);
  }

  @Test
  void createRejectsAMalformedHash() {
    assertThatThrownBy(() -> NodeToken.create("md5:" + HEX, SECRET))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256:<64 hex digits>");
  }
}
