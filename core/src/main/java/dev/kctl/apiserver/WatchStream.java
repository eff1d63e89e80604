package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ObjectMeta;
import dev.kctl.api.ResourceType;
import dev.kctl.apiserver.table.Tables;
import dev.kctl.client.ListOptions;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * One HTTP watch: a chunked reply with one JSON watch event per line, until the client goes away,
 * the timeout passes, or the watch fails (then a final ERROR event carries the Status).
 */
final class WatchStream {
  /** Without timeoutSeconds, a watch ends after 30 to 60 minutes, as kube-apiserver spreads them. */
  private static final Duration DEFAULT_MIN_TIMEOUT = Duration.ofMinutes(30);

  private final ApiService api;
  private final ResourceType type;
  private final String namespace;
  private final ListOptions options;
  private final long timeoutSeconds;
  /** The rows' content when the client asked for Table events; null for plain objects. */
  private final Tables.IncludeObject table;
  private final InstantSource clock;

  WatchStream(ApiService api, ResourceType type, String namespace, ListOptions options,
      long timeoutSeconds, Tables.IncludeObject table, InstantSource clock) {
    this.api = api;
    this.type = type;
    this.namespace = namespace;
    this.options = options;
    this.timeoutSeconds = timeoutSeconds;
    this.table = table;
    this.clock = clock;
  }

  /** An event to write, or the end of the stream (with a failure Status, or none). */
  private sealed interface Item {
    record Event(WatchEvent event) implements Item {}
    record End(ApiException cause) implements Item {}
  }

  void serve(Request request, Response response, Callback callback) {
    BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    Watch watch = api.watch(type, namespace, options, new WatchHandler() {
      @Override
      public void onEvent(WatchEvent event) {
        queue.add(new Item.Event(event));
      }

      @Override
      public void onClose(ApiException cause) {
        queue.add(new Item.End(cause));
      }
    });
    // A quiet watch is not an idle connection: keep it open past the connector's idle timeout,
    // and stop the watch as soon as the connection fails.
    request.addIdleTimeoutListener(timeout -> false);
    request.addFailureListener(failure -> watch.close());
    long deadline = System.nanoTime() + timeout().toNanos();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.TRANSFER_ENCODING, "chunked");
    try (watch; OutputStream out = Content.Sink.asOutputStream(response)) {
      out.flush();
      while (true) {
        Item item = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        switch (item) {
          case null -> {
            return;
          }
          case Item.Event(WatchEvent event) -> write(out, event.type().name(), event.object());
          case Item.End(ApiException cause) -> {
            if (cause != null) {
              write(out, "ERROR", cause.toStatus());
            }
            return;
          }
        }
      }
    } catch (IOException e) {
      // the client went away: nothing left to tell it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      callback.succeeded();
    }
  }

  private Duration timeout() {
    if (timeoutSeconds > 0) {
      return Duration.ofSeconds(timeoutSeconds);
    }
    long extra = ThreadLocalRandom.current().nextLong(DEFAULT_MIN_TIMEOUT.toSeconds());
    return DEFAULT_MIN_TIMEOUT.plusSeconds(extra);
  }

  private void write(OutputStream out, String eventType, ObjectNode object) throws IOException {
    ObjectNode event = Json.object();
    event.put("type", eventType);
    boolean asTable = table != null && !eventType.equals("ERROR") && !eventType.equals("BOOKMARK");
    event.set("object", asTable
        ? Tables.table(type, List.of(object), clock.instant(), ObjectMeta.of(object).resourceVersion(), "", table)
        : object);
    out.write(Json.bytes(event));
    out.write('\n');
    out.flush();
  }
}
