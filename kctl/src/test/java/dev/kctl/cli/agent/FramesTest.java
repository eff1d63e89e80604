package dev.kctl.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {
  @Test
  void helloCarriesTheCommandLineAndItsShellWhole() throws IOException {
    Frames.Hello hello = new Frames.Hello(List.of("get", "pods", "-l", "app=ünïcode"), "/home/me/app",
        Map.of("KUBECONFIG", "config", "EMPTY", ""));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    hello.write(new DataOutputStream(bytes));

    assertThat(Frames.Hello.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())))).isEqualTo(hello);
  }

  @Test
  void somethingElseThanAClientIsRefused() {
    byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes();

    assertThatThrownBy(() -> Frames.Hello.read(new DataInputStream(new ByteArrayInputStream(http))))
        .isInstanceOf(IOException.class).hasMessageContaining("not a kctl client");
  }

  @Test
  void largeOutputIsCutIntoFramesAndArrivesInOrder() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Frames.Writer writer = new Frames.Writer(wire);
    byte[] output = new byte[200_000];
    for (int i = 0; i < output.length; i++) {
      output[i] = (byte) i;
    }
    writer.stream(Frames.STDOUT).write(output);
    writer.exit(3);

    DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire.toByteArray()));
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    List<Byte> types = new ArrayList<>();
    Frames.Frame frame;
    while ((frame = Frames.Frame.read(in)).type() != Frames.EXIT) {
      types.add(frame.type());
      received.write(frame.payload());
    }
    assertThat(types).hasSizeGreaterThan(1).containsOnly(Frames.STDOUT);
    assertThat(received.toByteArray()).isEqualTo(output);
    assertThat(frame.exitCode()).isEqualTo(3);
  }

  @Test
  void aCorruptLengthIsAnErrorNotAnAllocation() {
    byte[] corrupt = {Frames.STDOUT, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    assertThatThrownBy(() -> Frames.Frame.read(new DataInputStream(new ByteArrayInputStream(corrupt))))
        .isInstanceOf(IOException.class).hasMessageContaining("not kctl's protocol");
  }
}
