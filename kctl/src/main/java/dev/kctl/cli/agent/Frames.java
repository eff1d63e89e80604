package dev.kctl.cli.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire format between {@code bin/kctl} and the kctl agent. The client opens with a
 * {@link Hello}; then both sides send frames of a type byte, a length and that many bytes.
 * Both ends are always the same build (the agent's files are named after it), so there is no
 * version negotiation.
 */
final class Frames {
  /** "KCTL", first on every connection, so that anything else that connects is told apart. */
  static final int MAGIC = 0x4B43544C;
  /** Agent to client: bytes for stdout. */
  static final byte STDOUT = 'o';
  /** Agent to client: bytes for stderr. */
  static final byte STDERR = 'e';
  /** Agent to client: the command has started reading stdin; send it. */
  static final byte WANT_STDIN = 'r';
  /** Agent to client: the exit code, as 4 bytes; nothing follows. */
  static final byte EXIT = 'x';
  /** Client to agent: bytes of stdin; an empty frame is its end. */
  static final byte STDIN = 'i';

  /** Above this a length is corruption, not a frame: kctl writes at most a pipe buffer at a time. */
  private static final int MAX_FRAME = 1 << 20;

  /** The most one frame of output carries; larger writes are cut into frames this size. */
  private static final int CHUNK = 64 * 1024;

  private Frames() {}

  /** What the client says first: the command line, and the shell it was typed in. */
  record Hello(List<String> args, String workingDirectory, Map<String, String> environment) {
    void write(DataOutputStream out) throws IOException {
      out.writeInt(MAGIC);
      out.writeInt(args.size());
      for (String arg : args) {
        string(out, arg);
      }
      string(out, workingDirectory);
      out.writeInt(environment.size());
      for (Map.Entry<String, String> variable : environment.entrySet()) {
        string(out, variable.getKey());
        string(out, variable.getValue());
      }
      out.flush();
    }

    /** @throws IOException when the peer is not a kctl client or the connection ends early */
    static Hello read(DataInputStream in) throws IOException {
      if (in.readInt() != MAGIC) {
        throw new IOException("the peer is not a kctl client");
      }
      List<String> args = new ArrayList<>();
      for (int i = count(in); i > 0; i--) {
        args.add(string(in));
      }
      String workingDirectory = string(in);
      Map<String, String> environment = new LinkedHashMap<>();
      for (int i = count(in); i > 0; i--) {
        environment.put(string(in), string(in));
      }
      return new Hello(args, workingDirectory, environment);
    }
  }

  /** One frame as read. */
  record Frame(byte type, byte[] payload) {
    static Frame read(DataInputStream in) throws IOException {
      byte type = in.readByte();
      byte[] payload = new byte[count(in)];
      in.readFully(payload);
      return new Frame(type, payload);
    }

    int exitCode() {
      return java.nio.ByteBuffer.wrap(payload).getInt();
    }
  }

  /** Writes whole frames; safe for the several threads of one conversation. */
  static final class Writer {
    private final DataOutputStream out;

    Writer(OutputStream out) {
      this.out = new DataOutputStream(new java.io.BufferedOutputStream(out));
    }

    /** The client's opening words, before any frame. */
    synchronized void hello(Hello hello) throws IOException {
      hello.write(out);
    }

    synchronized void frame(byte type, byte[] bytes, int offset, int length) throws IOException {
      out.writeByte(type);
      out.writeInt(length);
      out.write(bytes, offset, length);
      out.flush();
    }

    void exit(int code) throws IOException {
      frame(EXIT, java.nio.ByteBuffer.allocate(4).putInt(code).array(), 0, 4);
    }

    /** A stream whose every write is sent at once as one frame of {@code type}. */
    OutputStream stream(byte type) {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          for (int at = offset; at < offset + length; at += CHUNK) {
            frame(type, bytes, at, Math.min(CHUNK, offset + length - at));
          }
        }
      };
    }
  }

  private static int count(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_FRAME) {
      throw new IOException("a length of " + count + " bytes: the stream is not kctl's protocol");
    }
    return count;
  }

  private static void string(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String string(DataInputStream in) throws IOException {
    byte[] bytes = new byte[count(in)];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
