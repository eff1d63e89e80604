package dev.kctl.cli.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A command's stdin in the agent: the first read asks the client for its stdin, and reads then
 * take what the client sends, until it says stdin ended (or the client goes away).
 */
final class RequestedInput extends InputStream {
  private static final byte[] END = new byte[0];

  private final Frames.Writer client;
  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private boolean requested;
  private byte[] chunk = new byte[0];
  private int at;
  private boolean ended;

  RequestedInput(Frames.Writer client) {
    this.client = client;
  }

  /** What the client sent of its stdin. */
  void received(byte[] bytes) {
    chunks.add(bytes.length == 0 ? END : bytes);
  }

  /** There is no more: the client said so, or it is gone. */
  void end() {
    chunks.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (at == chunk.length) {
      if (ended) {
        return -1;
      }
      if (!requested) {
        requested = true;
        client.frame(Frames.WANT_STDIN, new byte[0], 0, 0);
      }
      try {
        chunk = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("the command was cancelled while it read stdin");
      }
      at = 0;
      ended = chunk == END;
    }
    int count = Math.min(length, chunk.length - at);
    System.arraycopy(chunk, at, buffer, offset, count);
    at += count;
    return count;
  }
}
