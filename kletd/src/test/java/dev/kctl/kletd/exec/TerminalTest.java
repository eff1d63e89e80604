package dev.kctl.kletd.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TerminalTest {

  @Test
  void shellWordsQuoteEveryWordSoTheShellSeesItUnchanged() {
    assertThat(Terminal.shellWords(List.of("sh", "-c", "echo 'hi' $HOME"))).isEqualTo("'sh' '-c' 'echo '\\''hi'\\'' $HOME'");
  }

  @Test
  void aWrappedCommandRunsOnAPtyWhoseSizeFollowsResizeAndKeepsItsExitCode() throws Exception {
    var terminal = Terminal.onThisNode();
    assumeTrue(terminal.isPresent(), "this machine has no util-linux script and stty");
    // The command waits for a line, so the size it prints is the one set before that line.
    Process process = new ProcessBuilder(terminal.get().wrap(List.of("sh", "-c", "read line; tty; stty size; exit 3"), Optional.empty()))
        .redirectErrorStream(true).start();
    try {
      terminal.get().resize(process, 100, 30);
      try (OutputStream in = process.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(process.waitFor()).isEqualTo(3);
      assertThat(output).contains("/dev/pts/").contains("30 100");
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Test
  void aSizeKnownAtStartIsThePtysSizeFromTheCommandsFirstInstruction() throws Exception {
    var terminal = Terminal.onThisNode();
    assumeTrue(terminal.isPresent(), "this machine has no util-linux script and stty");
    Process process = new ProcessBuilder(terminal.get().wrap(List.of("stty", "size"), Optional.of(new Terminal.Size(120, 40))))
        .redirectErrorStream(true).start();
    process.getOutputStream().close();

    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("40 120");
    assertThat(process.waitFor()).isZero();
  }

  @Test
  void resizeOfAProcessWithoutAPtyGivesUpWithoutHarm() throws IOException, InterruptedException {
    var terminal = Terminal.onThisNode();
    assumeTrue(terminal.isPresent(), "this machine has no util-linux script and stty");
    Process plain = new ProcessBuilder("true").start();
    plain.waitFor();

    terminal.get().resize(plain, 80, 24);

    assertThat(plain.exitValue()).isZero();
  }
}
