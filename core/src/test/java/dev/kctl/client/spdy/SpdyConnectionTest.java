package dev.kctl.client.spdy;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpdyConnectionTest {
  private final MessageInputStream toServer = new MessageInputStream();
  private final MessageInputStream toClient = new MessageInputStream();
  private final List<SpdyStream> accepted = new CopyOnWriteArrayList<>();
  private final List<ByteBuffer> clientSent = new CopyOnWriteArrayList<>();
  private final SpdyConnection server = SpdyConnection.server("test-server", toServer, pipe(toClient, null), stream -> {
    try {
      stream.reply();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    accepted.add(stream);
  });
  private final SpdyConnection client = SpdyConnection.client("test-client", toClient, pipe(toServer, clientSent));

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void streamsCarryBytesBothWaysAndEndWithFin() throws Exception {
    server.start();
    client.start();

    SpdyStream opened = client.open(Map.of("streamtype", "data", "port", "80"));
    opened.awaitReply(ofSeconds(5));
    opened.write(bytes("ping"), 0, 4);
    opened.finish();
    await("server side of the stream").atMost(ofSeconds(5)).until(() -> accepted.size() == 1);
    SpdyStream served = accepted.getFirst();
    served.output().write(bytes("pong"));
    served.finish();

    assertThat(served.header("port")).isEqualTo("80");
    assertThat(new String(served.input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ping");
    assertThat(new String(opened.input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("pong");
    await("both ends forget the stream").atMost(ofSeconds(5))
        .until(() -> client.openStreams() == 0 && server.openStreams() == 0);
  }

  @Test
  void largeWritesArriveWholeAcrossSeveralFrames() throws Exception {
    server.start();
    client.start();
    byte[] big = new byte[3 * SpdyStream.CHUNK + 17];
    new java.util.Random(7).nextBytes(big);

    SpdyStream opened = client.open(Map.of("n", "1"));
    opened.awaitReply(ofSeconds(5));
    opened.write(big, 0, big.length);
    opened.finish();
    await().atMost(ofSeconds(5)).until(() -> accepted.size() == 1);

    assertThat(accepted.getFirst().input().readAllBytes()).isEqualTo(big);
  }

  @Test
  void serverEchoesThePingsAClientStarts() throws Exception {
    server.start();
    MessageInputStream echoes = toClient;
    client.send(new SpdyFrame.Ping(1));

    SpdyFrameReader reader = new SpdyFrameReader(echoes);
    assertThat(reader.read()).contains(new SpdyFrame.Ping(1));
  }

  @Test
  void aResetEndsThePeersInputWithAnError() throws Exception {
    server.start();
    client.start();
    SpdyStream opened = client.open(Map.of("n", "1"));
    opened.awaitReply(ofSeconds(5));
    await().atMost(ofSeconds(5)).until(() -> accepted.size() == 1);

    accepted.getFirst().reset(SpdyFrame.CANCEL);

    assertThatThrownBy(() -> opened.input().readAllBytes()).hasMessageContaining("reset by the peer");
  }

  @Test
  void aClientRefusesStreamsTheServerOpens() throws Exception {
    client.start();
    server.start();

    SpdyStream pushed = server.open(Map.of("n", "1"));

    assertThatThrownBy(() -> pushed.awaitReply(ofSeconds(5))).hasMessageContaining("reset by the peer (status 3)");
  }

  @Test
  void closingOneEndEndsTheOtherAndItsStreams() throws Exception {
    server.start();
    client.start();
    SpdyStream opened = client.open(Map.of("n", "1"));
    opened.awaitReply(ofSeconds(5));

    server.close();

    client.closed().get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> opened.input().readAllBytes()).hasMessageContaining("connection closed");
    assertThatThrownBy(() -> client.open(Map.of())).hasMessageContaining("is closed");
  }

  private static SpdyConnection.Transport pipe(MessageInputStream peer, List<ByteBuffer> record) {
    return new SpdyConnection.Transport() {
      @Override
      public void send(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        if (record != null) {
          record.add(ByteBuffer.wrap(copy));
        }
        peer.offer(copy, 0, copy.length);
      }

      @Override
      public void close() {
        peer.end();
      }
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
