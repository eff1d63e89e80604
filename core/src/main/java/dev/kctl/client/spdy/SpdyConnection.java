package dev.kctl.client.spdy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SPDY/3.1 session over a byte transport (kctl's are WebSocket connections carrying SPDY bytes
 * in binary messages, as Kubernetes' port-forward tunnelling does). One virtual thread reads
 * frames and hands them to their streams; a server passes streams the peer opens to its
 * {@link StreamHandler}, a client refuses them. Pings the peer starts are echoed.
 *
 * <p>Flow control is not enforced in either direction (WINDOW_UPDATE and SETTINGS are read and
 * ignored), as in Go's spdystream, which Kubernetes' clients use: data for a stream is queued
 * until its reader takes it.
 */
public final class SpdyConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SpdyConnection.class);

  /** Where the connection's bytes go; {@link #send} is called by one thread at a time. */
  public interface Transport {
    /** Sends the bytes of one or more frames, returning once they are on their way. */
    void send(ByteBuffer bytes) throws IOException;

    /** Closes the transport; called once, when the connection ends. */
    void close();
  }

  /** Receives the streams the peer opens; it runs on the reading thread, so it must not block. */
  @FunctionalInterface
  public interface StreamHandler {
    void onStream(SpdyStream stream);
  }

  private final String name;
  private final SpdyFrameReader reader;
  private final Transport transport;
  private final StreamHandler handler;
  private final boolean server;
  /** Guards {@link #writer} and the order of frames on the transport: compression must follow it. */
  private final ReentrantLock sending = new ReentrantLock();
  private final SpdyFrameWriter writer = new SpdyFrameWriter();
  private final Map<Integer, SpdyStream> streams = new ConcurrentHashMap<>();
  private final AtomicInteger nextStreamId;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private SpdyConnection(String name, InputStream in, Transport transport, StreamHandler handler, boolean server) {
    this.name = name;
    this.reader = new SpdyFrameReader(in);
    this.transport = transport;
    this.handler = handler;
    this.server = server;
    this.nextStreamId = new AtomicInteger(server ? 2 : 1);
  }

  /**
   * The client end of a connection; call {@link #start()}, then {@link #open}.
   *
   * @param name names the connection in logs and messages
   */
  public static SpdyConnection client(String name, InputStream in, Transport transport) {
    return new SpdyConnection(name, in, transport, null, false);
  }

  /** The server end of a connection: streams the peer opens go to {@code handler}. */
  public static SpdyConnection server(String name, InputStream in, Transport transport, StreamHandler handler) {
    return new SpdyConnection(name, in, transport, handler, true);
  }

  /** Starts reading frames. */
  public void start() {
    Thread.ofVirtual().name("spdy-" + name).start(this::readLoop);
  }

  /** Opens a stream (SYN_STREAM); wait for the peer's acceptance with {@link SpdyStream#awaitReply}. */
  public SpdyStream open(Map<String, String> headers) throws IOException {
    if (ended.get()) {
      throw new IOException("the SPDY connection " + name + " is closed");
    }
    SpdyStream stream = new SpdyStream(this, nextStreamId.getAndAdd(2), headers);
    streams.put(stream.id(), stream);
    send(new SpdyFrame.SynStream(stream.id(), 0, 0, false, false, headers));
    return stream;
  }

  /** Completes when the connection has ended, from either side. */
  public CompletableFuture<Void> closed() {
    return closed;
  }

  /** Says goodbye (GOAWAY), ends every stream and closes the transport. */
  @Override
  public void close() {
    if (!ended.get()) {
      try {
        send(new SpdyFrame.GoAway(0, 0));
      } catch (IOException e) {
        log.debug("SPDY connection {}: GOAWAY not sent: {}", name, e.getMessage());
      }
    }
    shutdown();
  }

  void send(SpdyFrame frame) throws IOException {
    sending.lock();
    try {
      if (ended.get()) {
        throw new IOException("the SPDY connection " + name + " is closed");
      }
      transport.send(ByteBuffer.wrap(writer.encode(frame)));
    } finally {
      sending.unlock();
    }
  }

  void forget(SpdyStream stream) {
    streams.remove(stream.id(), stream);
  }

  /** The streams open now, for tests and diagnostics. */
  int openStreams() {
    return streams.size();
  }

  private void readLoop() {
    try {
      for (var frame = reader.read(); frame.isPresent() && !ended.get(); frame = reader.read()) {
        dispatch(frame.get());
      }
    } catch (IOException e) {
      if (!ended.get()) {
        log.info("SPDY connection {} ended: {}", name, e.getMessage());
      }
    } catch (RuntimeException e) {
      log.warn("SPDY connection {} failed; closing it", name, e);
    } finally {
      shutdown();
      // Only this thread uses the reader, so only it may release the reader's inflater.
      reader.close();
    }
  }

  private void dispatch(SpdyFrame frame) throws IOException {
    switch (frame) {
      case SpdyFrame.SynStream s -> accept(s);
      case SpdyFrame.SynReply r -> withStream(r.streamId(), SpdyStream::onReply);
      case SpdyFrame.Data d -> withStream(d.streamId(), stream -> stream.onData(d.data(), d.fin()));
      case SpdyFrame.RstStream r -> withStream(r.streamId(), stream -> stream.onReset(r.status()));
      case SpdyFrame.Headers h -> {
        if (h.fin()) {
          withStream(h.streamId(), stream -> stream.onData(new byte[0], true));
        }
      }
      case SpdyFrame.Ping p -> {
        // Each side starts pings with ids of its own parity (clients odd); echo only the peer's.
        if (((p.id() & 1) == 1) == server) {
          send(p);
        }
      }
      case SpdyFrame.GoAway _ -> shutdown();
      case SpdyFrame.Settings _, SpdyFrame.WindowUpdate _ -> { }
    }
  }

  private void accept(SpdyFrame.SynStream syn) throws IOException {
    boolean peerId = ((syn.streamId() & 1) == 1) == server;
    if (handler == null || !peerId || streams.containsKey(syn.streamId())) {
      send(new SpdyFrame.RstStream(syn.streamId(), peerId ? SpdyFrame.REFUSED_STREAM : SpdyFrame.PROTOCOL_ERROR));
      return;
    }
    SpdyStream stream = new SpdyStream(this, syn.streamId(), syn.headers());
    streams.put(stream.id(), stream);
    if (syn.fin()) {
      stream.onData(new byte[0], true);
    }
    try {
      handler.onStream(stream);
    } catch (RuntimeException e) {
      log.warn("SPDY connection {}: the handler of stream {} failed; resetting it", name, stream.id(), e);
      stream.reset(SpdyFrame.CANCEL);
    }
  }

  private void withStream(int id, java.util.function.Consumer<SpdyStream> action) {
    SpdyStream stream = streams.get(id);
    if (stream != null) {
      action.accept(stream);
    }
  }

  private void shutdown() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    for (SpdyStream stream : List.copyOf(streams.values())) {
      stream.onConnectionClosed();
    }
    streams.clear();
    try {
      transport.close();
    } finally {
      sending.lock();
      try {
        writer.close();
      } finally {
        sending.unlock();
      }
      closed.complete(null);
    }
  }
}
