package dev.kctl.client.spdy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One stream of a {@link SpdyConnection}: the headers it was opened with, the bytes the peer sends
 * on it (until the peer finishes or resets it) and a way to send bytes back. Each half closes on
 * its own: {@link #finish()} ends what this side sends, the peer's FIN ends {@link #input()}.
 * Thread-safe; writes from several threads are sent whole but in no defined order.
 */
public final class SpdyStream {
  /** Data frames carry at most this much, so one stream cannot hold the connection for long. */
  static final int CHUNK = 32 * 1024;

  private final SpdyConnection connection;
  private final int id;
  private final Map<String, String> headers;
  private final MessageInputStream input = new MessageInputStream();
  private final CompletableFuture<Void> replied = new CompletableFuture<>();
  private volatile boolean finished;
  private volatile boolean remoteFinished;
  private volatile boolean reset;

  SpdyStream(SpdyConnection connection, int id, Map<String, String> headers) {
    this.connection = connection;
    this.id = id;
    this.headers = Map.copyOf(headers);
  }

  public int id() {
    return id;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** A header's value, or empty. */
  public String header(String name) {
    return headers.getOrDefault(name, "");
  }

  /** What the peer sends; ends at its FIN, fails when it resets the stream or the connection ends. */
  public InputStream input() {
    return input;
  }

  /** Writes go out as data frames; closing it is {@link #finish()}. */
  public OutputStream output() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        SpdyStream.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        SpdyStream.this.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        finish();
      }
    };
  }

  /** Sends bytes to the peer. */
  public void write(byte[] data, int offset, int length) throws IOException {
    for (int at = 0; at < length; at += CHUNK) {
      if (finished || reset) {
        throw new IOException("SPDY stream " + id + " is closed for writing");
      }
      int n = Math.min(CHUNK, length - at);
      byte[] chunk = new byte[n];
      System.arraycopy(data, offset + at, chunk, 0, n);
      connection.send(new SpdyFrame.Data(id, false, chunk));
    }
  }

  /** Ends this side of the stream (FIN); later calls do nothing. */
  public void finish() throws IOException {
    if (finished || reset) {
      return;
    }
    finished = true;
    connection.send(new SpdyFrame.Data(id, true, new byte[0]));
    if (remoteFinished) {
      connection.forget(this);
    }
  }

  /** Accepts a stream the peer opened (SYN_REPLY), so the peer may start sending on it. */
  public void reply() throws IOException {
    connection.send(new SpdyFrame.SynReply(id, false, Map.of()));
  }

  /** Ends both halves at once (RST_STREAM with {@code status}, e.g. {@link SpdyFrame#CANCEL}). */
  public void reset(int status) {
    if (reset) {
      return;
    }
    reset = true;
    input.fail(new IOException("SPDY stream " + id + " was reset here"));
    connection.forget(this);
    try {
      connection.send(new SpdyFrame.RstStream(id, status));
    } catch (IOException e) {
      // The connection is gone, and the stream with it: nothing is left to reset.
    }
  }

  /** Waits until the peer accepts a stream this side opened. */
  public void awaitReply(Duration timeout) throws IOException {
    try {
      replied.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("SPDY stream " + id + " was not accepted: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("SPDY stream " + id + " was not accepted within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening SPDY stream " + id, e);
    }
  }

  void onReply() {
    replied.complete(null);
  }

  void onData(byte[] data, boolean fin) {
    input.offer(data, 0, data.length);
    if (fin) {
      remoteFinished = true;
      input.end();
      if (finished) {
        connection.forget(this);
      }
    }
  }

  void onReset(int status) {
    reset = true;
    IOException cause = new IOException("SPDY stream " + id + " was reset by the peer (status " + status + ")");
    replied.completeExceptionally(cause);
    input.fail(cause);
    connection.forget(this);
  }

  void onConnectionClosed() {
    IOException cause = new IOException("the SPDY connection closed");
    replied.completeExceptionally(cause);
    input.fail(cause);
    reset = true;
  }
}
