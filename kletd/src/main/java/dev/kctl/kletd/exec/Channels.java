package dev.kctl.kletd.exec;

import dev.kctl.codec.Json;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes remote command protocol over WebSocket ({@code v4.channel.k8s.io} and
 * {@code v5.channel.k8s.io}): each binary message starts with the byte of its stream; the error
 * stream carries one v1 Status when the command is over, and v5 adds a close message (stream
 * 255 followed by the closed stream's byte).
 */
final class Channels {
  static final String V5 = "v5.channel.k8s.io";
  static final String V4 = "v4.channel.k8s.io";
  static final byte STDIN = 0;
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  static final byte ERROR = 3;
  static final byte RESIZE = 4;
  static final byte CLOSE = (byte) 255;

  private Channels() {}

  /** The subprotocol to answer with: v5, else v4, among those the client offers. */
  static Optional<String> choose(List<String> offered) {
    return List.of(V5, V4).stream().filter(offered::contains).findFirst();
  }

  /** One message of {@code stream} carrying {@code length} bytes of {@code data}. */
  static ByteBuffer frame(byte stream, byte[] data, int length) {
    ByteBuffer buffer = ByteBuffer.allocate(length + 1);
    buffer.put(stream).put(data, 0, length).flip();
    return buffer;
  }

  /** The status the error stream carries for a command that exited with {@code code}. */
  static ObjectNode exitStatus(List<String> command, int code) {
    ObjectNode status = status(code == 0 ? "Success" : "Failure");
    if (code != 0) {
      status.put("message", "command terminated with non-zero exit code: error executing command %s, exit code %d"
          .formatted(command, code));
      status.put("reason", "NonZeroExitCode");
      ObjectNode cause = status.putObject("details").putArray("causes").addObject();
      cause.put("reason", "ExitCode");
      cause.put("message", Integer.toString(code));
    }
    return status;
  }

  /** The status of a command that could not be run at all. */
  static ObjectNode failure(String message) {
    ObjectNode status = status("Failure");
    status.put("message", message);
    status.put("reason", "InternalError");
    status.put("code", 500);
    return status;
  }

  static ByteBuffer statusFrame(ObjectNode status) {
    byte[] json = Json.bytes(status);
    return frame(ERROR, json, json.length);
  }

  private static ObjectNode status(String outcome) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", outcome);
    return status;
  }
}
