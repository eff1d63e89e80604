package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.client.Watch;
import dev.kctl.client.WatchEvent;
import dev.kctl.client.WatchHandler;
import dev.kctl.codec.Json;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A watch over WebSocket, as kube-apiserver serves it to clients that ask for an upgrade (the
 * fabric8 client does): one text message per watch event, the same JSON as a streamed watch.
 * Public because Jetty instantiates WebSocket endpoints reflectively.
 */
public final class WatchSocket implements Session.Listener.AutoDemanding {
  private final Function<WatchHandler, Watch> start;
  private final AtomicReference<Watch> watch = new AtomicReference<>();

  /** @param start starts the watch, delivering to the handler it is given */
  WatchSocket(Function<WatchHandler, Watch> start) {
    this.start = start;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    watch.set(start.apply(new WatchHandler() {
      @Override
      public void onEvent(WatchEvent event) {
        send(session, event.type().name(), event.object());
      }

      @Override
      public void onClose(ApiException cause) {
        if (cause != null) {
          send(session, "ERROR", cause.toStatus());
        }
        session.close(StatusCode.NORMAL, "watch ended", Callback.NOOP);
      }
    }));
  }

  /** Sends one event and waits for it to be written: events must leave in order, one at a time. */
  private static void send(Session session, String type, ObjectNode object) {
    ObjectNode event = Json.object();
    event.put("type", type);
    event.set("object", object);
    Callback.Completable sent = new Callback.Completable();
    session.sendText(Json.string(event), sent);
    sent.exceptionally(failure -> null).join();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    Watch w = watch.get();
    if (w != null) {
      w.close();
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    onWebSocketClose(StatusCode.ABNORMAL, cause.getMessage());
  }
}
