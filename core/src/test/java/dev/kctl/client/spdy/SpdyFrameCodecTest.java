package dev.kctl.client.spdy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;

class SpdyFrameCodecTest {
  private static final Map<String, String> HEADERS = Map.of("streamtype", "data", "port", "8080", "requestid", "0");

  @Test
  void dictionaryIsTheSpdy3DictionaryByLengthAndChecksum() {
    byte[] dictionary = SpdyDictionary.bytes();
    Adler32 adler = new Adler32();
    adler.update(dictionary);

    assertThat(dictionary).hasSize(1423);
    assertThat(Long.toHexString(adler.getValue())).isEqualTo("e3c6a7c2");
  }

  @Test
  void everyFrameTypeSurvivesARoundTrip() throws IOException {
    List<SpdyFrame> frames = List.of(
        new SpdyFrame.SynStream(1, 0, 3, false, true, HEADERS),
        new SpdyFrame.SynReply(1, false, Map.of()),
        new SpdyFrame.Data(1, false, "hello".getBytes(StandardCharsets.UTF_8)),
        new SpdyFrame.Data(1, true, new byte[0]),
        new SpdyFrame.Headers(3, true, Map.of("x-extra", "a\0b")),
        new SpdyFrame.RstStream(3, SpdyFrame.CANCEL),
        new SpdyFrame.Settings(true, List.of(new SpdyFrame.Setting(1, 7, 65536))),
        new SpdyFrame.Ping(5),
        new SpdyFrame.GoAway(3, 0),
        new SpdyFrame.WindowUpdate(1, 1 << 20));

    List<SpdyFrame> read = roundTrip(frames);

    assertThat(read).hasSize(frames.size());
    assertThat(read).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(frames);
  }

  @Test
  void dataFramesAreLaidOutAsTheSpecSays() {
    try (SpdyFrameWriter writer = new SpdyFrameWriter()) {
      byte[] bytes = writer.encode(new SpdyFrame.Data(7, true, new byte[] {1, 2, 3}));

      assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000007" + "01" + "000003" + "010203");
    }
  }

  @Test
  void controlFramesCarryVersionThreeTypeFlagsAndLength() {
    try (SpdyFrameWriter writer = new SpdyFrameWriter()) {
      byte[] ping = writer.encode(new SpdyFrame.Ping(1));
      byte[] reset = writer.encode(new SpdyFrame.RstStream(5, SpdyFrame.REFUSED_STREAM));

      assertThat(HexFormat.of().formatHex(ping)).isEqualTo("8003" + "0006" + "00" + "000004" + "00000001");
      assertThat(HexFormat.of().formatHex(reset)).isEqualTo("8003" + "0003" + "00" + "000008" + "00000005" + "00000003");
    }
  }

  @Test
  void firstHeaderBlockIsAZlibStreamNamingTheSpdyDictionary() {
    try (SpdyFrameWriter writer = new SpdyFrameWriter()) {
      byte[] syn = writer.encode(new SpdyFrame.SynStream(1, 0, 0, false, false, HEADERS));
      // 8 bytes of frame header, stream id, associated id, priority and slot: then the zlib header.
      byte[] zlib = java.util.Arrays.copyOfRange(syn, 18, 24);

      assertThat(zlib[1] & 0x20).as("FDICT flag").isEqualTo(0x20);
      assertThat(((zlib[0] & 0xFF) << 8 | (zlib[1] & 0xFF)) % 31).as("zlib header check").isZero();
      assertThat(HexFormat.of().formatHex(zlib, 2, 6)).isEqualTo("e3c6a7c2");
    }
  }

  @Test
  void compressionContextCarriesAcrossFramesSoRepeatedHeadersShrink() throws IOException {
    SpdyFrameWriter writer = new SpdyFrameWriter();
    byte[] first = writer.encode(new SpdyFrame.SynStream(1, 0, 0, false, false, HEADERS));
    byte[] second = writer.encode(new SpdyFrame.SynStream(3, 0, 0, false, false, HEADERS));

    assertThat(second.length).isLessThan(first.length);
    SpdyFrameReader reader = new SpdyFrameReader(new ByteArrayInputStream(concat(first, second)));
    assertThat(reader.read()).get().extracting(f -> ((SpdyFrame.SynStream) f).headers()).isEqualTo(HEADERS);
    assertThat(reader.read()).get().extracting(f -> ((SpdyFrame.SynStream) f).headers()).isEqualTo(HEADERS);
  }

  @Test
  void aReaderThatMissedTheFirstHeaderBlockCannotReadTheSecond() {
    SpdyFrameWriter writer = new SpdyFrameWriter();
    writer.encode(new SpdyFrame.SynStream(1, 0, 0, false, false, HEADERS));
    byte[] second = writer.encode(new SpdyFrame.SynStream(3, 0, 0, false, false, HEADERS));

    SpdyFrameReader reader = new SpdyFrameReader(new ByteArrayInputStream(second));

    assertThatThrownBy(reader::read).isInstanceOf(IOException.class).hasMessageContaining("SPDY protocol error");
  }

  @Test
  void unknownControlFramesAreSkipped() throws IOException {
    byte[] unknown = HexFormat.of().parseHex("8003" + "0005" + "00" + "000002" + "abcd");
    byte[] ping = new SpdyFrameWriter().encode(new SpdyFrame.Ping(2));

    SpdyFrameReader reader = new SpdyFrameReader(new ByteArrayInputStream(concat(unknown, ping)));

    assertThat(reader.read()).contains(new SpdyFrame.Ping(2));
    assertThat(reader.read()).isEmpty();
  }

  @Test
  void otherVersionsAreRefused() {
    byte[] v2 = HexFormat.of().parseHex("8002" + "0006" + "00" + "000004" + "00000001");

    assertThatThrownBy(() -> new SpdyFrameReader(new ByteArrayInputStream(v2)).read())
        .hasMessageContaining("version 2");
  }

  @Test
  void upperCaseHeaderNamesAreRefusedOnBothSides() {
    assertThatThrownBy(() -> new SpdyFrameWriter().encode(new SpdyFrame.SynReply(1, false, Map.of("Port", "1"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFrameCutShortIsAnError() {
    byte[] ping = new SpdyFrameWriter().encode(new SpdyFrame.Ping(2));
    byte[] cut = java.util.Arrays.copyOf(ping, ping.length - 1);

    assertThatThrownBy(() -> new SpdyFrameReader(new ByteArrayInputStream(cut)).read())
        .isInstanceOf(java.io.EOFException.class);
  }

  private static List<SpdyFrame> roundTrip(List<SpdyFrame> frames) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SpdyFrameWriter writer = new SpdyFrameWriter()) {
      for (SpdyFrame f : frames) {
        bytes.writeBytes(writer.encode(f));
      }
    }
    List<SpdyFrame> read = new ArrayList<>();
    try (SpdyFrameReader reader = new SpdyFrameReader(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (var f = reader.read(); f.isPresent(); f = reader.read()) {
        read.add(f.get());
      }
    }
    return read;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
