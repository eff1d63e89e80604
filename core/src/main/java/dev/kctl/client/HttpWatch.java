package dev.kctl.client;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.codec.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One watch request: reads the chunked reply, one JSON event per line, on its own virtual thread
 * and hands each event to the handler; then calls {@link WatchHandler#onClose} exactly once.
 */
final class HttpWatch implements Watch {
  private static final Logger log = LoggerFactory.getLogger(HttpWatch.class);

  private final HttpClient http;
  private final HttpRequest request;
  private final WatchHandler handler;
  private final String description;
  private final Consumer<HttpWatch> onEnd;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  // close() sets `closed` before it looks at these, and the reader publishes them before it checks
  // `closed`, so one of the two always sees the other and the stream is never left open.
  private volatile CompletableFuture<HttpResponse<InputStream>> pending;
  private volatile InputStream body;

  /**
   * @param description what is watched, for messages: {@code pods in default at https://...}
   * @param onEnd called once when the watch has ended, before the handler hears of it
   */
  HttpWatch(HttpClient http, HttpRequest request, WatchHandler handler, String description,
      Consumer<HttpWatch> onEnd) {
    this.http = http;
    this.request = request;
    this.handler = handler;
    this.description = description;
    this.onEnd = onEnd;
  }

  void start() {
    Thread.ofVirtual().name("watch " + description).start(this::run);
  }

  /** Stops the stream: cancels the request, or closes the body it is reading. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<HttpResponse<InputStream>> request = pending;
    if (request != null) {
      request.cancel(true);
    }
    InputStream stream = body;
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        log.debug("closing the watch of {}: {}", description, e.toString());
      }
    }
  }

  private void run() {
    ApiException cause = null;
    try {
      pending = http.sendAsync(request, BodyHandlers.ofInputStream());
      if (closed.get()) {
        pending.cancel(true);
      }
      HttpResponse<InputStream> response = pending.get();
      try (InputStream in = response.body()) {
        body = in;
        if (closed.get()) {
          return;
        }
        cause = response.statusCode() == 200
            ? read(in)
            : RestClient.failure(response.statusCode(), in.readAllBytes(), "watch of " + description);
      }
    } catch (CancellationException e) {
      cause = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cause = null;
    } catch (ExecutionException | IOException e) {
      Throwable failure = e instanceof ExecutionException ? e.getCause() : e;
      cause = closed.get() ? null : new ApiException(StatusReason.ServiceUnavailable,
          "watch of " + description + " failed: " + RestClient.describe(failure)
              + "; is kctld running?", "", "", "", List.of(), failure);
    } finally {
      end(cause);
    }
  }

  /** Delivers events until the stream ends; returns the failure an ERROR event carried, if any. */
  private ApiException read(InputStream in) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line; (line = lines.readLine()) != null && !closed.get(); ) {
      if (line.isBlank()) {
        continue;
      }
      WatchEvent event;
      try {
        event = parse(line);
      } catch (JacksonException | IllegalArgumentException e) {
        return new ApiException(StatusReason.InternalError,
            "watch of " + description + " received a malformed event: " + e.getMessage(),
            "", "", "", List.of(), e);
      }
      if (event.type() == WatchEvent.Type.ERROR) {
        return ApiException.fromStatus(event.object(), event.object().path("code").asInt(500));
      }
      try {
        handler.onEvent(event);
      } catch (RuntimeException e) {
        // A failing handler must not end the watch of everyone else's events; it is told by log.
        log.warn("watch of {}: the handler failed on a {} event; continuing", description,
            event.type(), e);
      }
    }
    return null;
  }

  private static WatchEvent parse(String line) {
    JsonNode node = Json.parse(line);
    String type = node.path("type").asString("");
    if (!(node.path("object") instanceof ObjectNode object)) {
      throw new IllegalArgumentException("event of type \"" + type + "\" has no object");
    }
    for (WatchEvent.Type known : WatchEvent.Type.values()) {
      if (known.name().equals(type)) {
        return new WatchEvent(known, object);
      }
    }
    throw new IllegalArgumentException("unknown event type \"" + type + "\"");
  }

  private void end(ApiException cause) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    onEnd.accept(this);
    try {
      handler.onClose(cause);
    } catch (RuntimeException e) {
      log.warn("watch of {}: the handler failed when told the watch ended", description, e);
    }
  }
}
