package dev.kctl.kletd.logs;

import dev.kctl.kletd.endpoint.BearerToken;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The node's HTTP endpoint: {@code GET /containerLogs/{ns}/{pod}/{container}?follow&tailLines&previous
 * &sinceSeconds&sinceTime&timestamps} (lines dated by a {@link LogTimeline})
 * (bearer token required) and {@code GET /healthz}. Blocking code: Jetty runs it on a virtual thread.
 */
final class LogHandler extends Handler.Abstract {
  private static final String PREFIX = "/containerLogs/";
  /** How often a follow looks for new bytes; logs are plain files, written without kletd. */
  private static final Duration POLL = Duration.ofMillis(200);

  private final BearerToken token;
  private final LogSource source;
  private final LogTimeline timeline;
  private final InstantSource clock;

  LogHandler(String token, LogSource source, LogTimeline timeline, InstantSource clock) {
    this.token = new BearerToken(token);
    this.source = source;
    this.timeline = timeline;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getDecodedPath();
    if (path.equals("/healthz")) {
      Content.Sink.write(response, true, "ok", callback);
      return true;
    }
    if (!token.admits(request, response, callback)) {
      return true;
    }
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    if (!request.getMethod().equals("GET")) {
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "expected /containerLogs/{namespace}/{pod}/{container}");
      return true;
    }
    String container = parts.length == 3 ? parts[2] : "";
    Fields query = Request.extractQueryParameters(request);
    long tailLines;
    Instant since;
    try {
      String tail = query.getValue("tailLines");
      tailLines = tail == null || tail.isEmpty() ? -1 : Long.parseLong(tail);
      since = since(query);
    } catch (NumberFormatException | DateTimeParseException e) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "tailLines and sinceSeconds must be numbers and sinceTime an RFC 3339 time: " + e.getMessage());
      return true;
    }
    boolean timestamps = flag(query, "timestamps");
    Optional<ContainerLog> found = source.find(parts[0], parts[1], container);
    String what = "container \"" + container + "\" in pod \"" + parts[0] + "/" + parts[1] + "\"";
    if (found.isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, what + " is not on this node");
      return true;
    }
    ContainerLog log = found.get();
    boolean previous = flag(query, "previous");
    Path file = previous ? log.previous().orElse(null) : log.current();
    if (file == null) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "previous terminated " + what + " not found");
      return true;
    }
    boolean follow = flag(query, "follow") && !previous;
    SeekableByteChannel channel;
    try {
      channel = Files.newByteChannel(file);
    } catch (NoSuchFileException e) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          what + " has not started yet, so it has no log");
      return true;
    }
    AtomicBoolean gone = new AtomicBoolean();
    request.addFailureListener(failure -> gone.set(true));
    // A quiet container must not end a follow: Jetty's idle timeout would fail the request.
    request.addIdleTimeoutListener(timeout -> !follow);
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    try (channel; OutputStream out = Content.Sink.asOutputStream(response)) {
      if (since != null || timestamps) {
        timeline.look(file);
        channel.position(Tail.offset(channel, channel.size(), tailLines));
        new TimedCopy(file, timeline, since, timestamps).copy(channel, out, follow ? log.running() : null, POLL, gone);
      } else {
        copy(channel, out, tailLines, follow ? log : null, gone);
      }
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e);
    }
    return true;
  }

  /** Copies the log's last {@code tailLines} lines, then, when following, what is appended. */
  private static void copy(SeekableByteChannel channel, OutputStream out, long tailLines, ContainerLog follow,
      AtomicBoolean gone) throws IOException {
    channel.position(Tail.offset(channel, channel.size(), tailLines));
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    while (!gone.get()) {
      buffer.clear();
      int n = channel.read(buffer);
      if (n > 0) {
        out.write(buffer.array(), 0, n);
        continue;
      }
      out.flush();
      if (follow == null) {
        return;
      }
      if (!follow.running().getAsBoolean()) {
        // The writer is gone: whatever it wrote before it ended is in the file now.
        for (buffer.clear(); channel.read(buffer) > 0; buffer.clear()) {
          out.write(buffer.array(), 0, buffer.position());
        }
        return;
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The later of {@code sinceTime} and now minus {@code sinceSeconds}; null when neither is given. */
  private Instant since(Fields query) {
    Instant since = null;
    String seconds = query.getValue("sinceSeconds");
    if (seconds != null && !seconds.isEmpty()) {
      since = clock.instant().minusSeconds(Long.parseLong(seconds));
    }
    String time = query.getValue("sinceTime");
    if (time != null && !time.isEmpty()) {
      Instant at = OffsetDateTime.parse(time).toInstant();
      since = since == null || at.isAfter(since) ? at : since;
    }
    return since;
  }

  private static boolean flag(Fields query, String name) {
    String value = query.getValue(name);
    return value != null && (value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1"));
  }
}
