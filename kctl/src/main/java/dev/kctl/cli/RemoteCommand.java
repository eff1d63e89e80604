package dev.kctl.cli;

import dev.kctl.codec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.JsonNode;

/**
 * The client side of Kubernetes' remote command protocol {@value #PROTOCOL}: every binary message
 * starts with its stream's byte (0 stdin, 1 stdout, 2 stderr, 3 the error stream, which carries
 * one v1 Status when the command is over); v5 lets the client end stdin with the message
 * {@code [255, 0]}. {@link #exitCode()} completes with the remote command's exit code once the
 * server closed the socket.
 */
final class RemoteCommand implements WebSocket.Listener {
  static final String PROTOCOL = "v5.channel.k8s.io";
  private static final byte STDIN = 0;
  private static final byte STDOUT = 1;
  private static final byte STDERR = 2;
  private static final byte ERROR = 3;
  private static final byte CLOSE = (byte) 255;

  private final Utf8Text stdout;
  private final Utf8Text stderr;
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private final ByteArrayOutputStream status = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

  RemoteCommand(PrintWriter out, PrintWriter err) {
    this.stdout = new Utf8Text(out);
    this.stderr = new Utf8Text(err);
  }

  /** The remote command's exit code; fails with a CommandException when it could not run. */
  CompletableFuture<Integer> exitCode() {
    return exitCode;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    message.writeBytes(bytes);
    if (last) {
      byte[] whole = message.toByteArray();
      message.reset();
      if (whole.length > 0) {
        switch (whole[0]) {
          case STDOUT -> stdout.write(whole, 1, whole.length - 1);
          case STDERR -> stderr.write(whole, 1, whole.length - 1);
          case ERROR -> status.write(whole, 1, whole.length - 1);
          default -> { }
        }
      }
    }
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
    finish();
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable error) {
    exitCode.completeExceptionally(new CommandException("the exec stream broke: " + error.getMessage()));
  }

  private void finish() {
    stdout.flush();
    stderr.flush();
    if (status.size() == 0) {
      exitCode.completeExceptionally(new CommandException("the exec stream ended without the command's status"));
      return;
    }
    JsonNode result = Json.parse(status.toByteArray());
    if (result.path("status").asString("").equals("Success")) {
      exitCode.complete(0);
    } else if (result.path("reason").asString("").equals("NonZeroExitCode")) {
      int code = 1;
      for (JsonNode cause : result.path("details").path("causes")) {
        if (cause.path("reason").asString("").equals("ExitCode")) {
          code = Integer.parseInt(cause.path("message").asString("1"));
        }
      }
      exitCode.complete(code);
    } else {
      exitCode.completeExceptionally(new CommandException(result.path("message").asString("the command failed")));
    }
  }

  /** Sends {@code in} as stdin until it ends, then tells the server it ended. */
  static void forward(InputStream in, WebSocket socket) throws IOException {
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      ByteBuffer frame = ByteBuffer.allocate(n + 1).put(STDIN).put(buffer, 0, n).flip();
      // One send at a time: the JDK WebSocket refuses a send while another is under way.
      socket.sendBinary(frame, true).join();
    }
    socket.sendBinary(ByteBuffer.wrap(new byte[] {CLOSE, STDIN}), true).join();
  }

  /** Bytes to text for one stream: a character split across two messages is decoded whole. */
  private static final class Utf8Text {
    private final PrintWriter out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
    private ByteBuffer pending = ByteBuffer.allocate(0);

    Utf8Text(PrintWriter out) {
      this.out = out;
    }

    synchronized void write(byte[] bytes, int offset, int length) {
      ByteBuffer input = ByteBuffer.allocate(pending.remaining() + length).put(pending).put(bytes, offset, length).flip();
      CharBuffer chars = CharBuffer.allocate(input.remaining() + 1);
      decoder.decode(input, chars, false);
      pending = input.slice();
      out.append(chars.flip());
      out.flush();
    }

    synchronized void flush() {
      out.flush();
    }
  }
}
