package dev.kctl.client.spdy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An input stream of the bytes of chunks offered to it from elsewhere (WebSocket messages, a
 * stream's data frames), in order, until {@link #end()} or {@link #fail(IOException)}. Reads
 * block until a chunk arrives. Chunks are queued without bound: the producer never blocks, so a
 * slow reader costs memory, not progress of other streams.
 */
public final class MessageInputStream extends InputStream {
  private static final byte[] END = new byte[0];

  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  /** Guarded by the reader: only the thread reading uses these. */
  private byte[] current;
  private int position;
  private volatile IOException failure;
  private volatile boolean ended;

  /** Adds a copy of {@code length} bytes at {@code offset}; ignored once ended. */
  public void offer(byte[] data, int offset, int length) {
    if (length > 0 && !ended) {
      byte[] copy = new byte[length];
      System.arraycopy(data, offset, copy, 0, length);
      chunks.add(copy);
    }
  }

  /** Ends the stream after the chunks offered so far. */
  public synchronized void end() {
    if (!ended) {
      ended = true;
      chunks.add(END);
    }
  }

  /**
   * Ends the stream after the chunks offered so far, with {@code cause} instead of end-of-file;
   * does nothing when it has ended already.
   */
  public synchronized void fail(IOException cause) {
    if (!ended) {
      failure = cause;
      end();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (current == null || position == current.length) {
      if (current == END) {
        return endOfStream();
      }
      try {
        current = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for data");
      }
      position = 0;
      if (current == END) {
        return endOfStream();
      }
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return current == null || current == END ? 0 : current.length - position;
  }

  @Override
  public void close() {
    end();
  }

  private int endOfStream() throws IOException {
    IOException cause = failure;
    if (cause != null) {
      throw cause;
    }
    return -1;
  }
}
