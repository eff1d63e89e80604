package dev.kctl.kletd.stats;

import dev.kctl.codec.Json;
import dev.kctl.kletd.endpoint.BearerToken;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /stats/summary[?node=NAME]} on the node endpoint: the {@link StatsCollector#summary()}
 * of one of this kletd's nodes (JSON), which kctld turns into the metrics API. {@code node} may be
 * left out when the kletd runs one node; a kletd with simulated nodes needs it. Requests must
 * carry {@code Authorization: Bearer <node token>}. Other paths are left to the next handler.
 */
public final class SummaryHandler extends Handler.Abstract {
  static final String PATH = "/stats/summary";

  private final BearerToken token;
  private final Map<String, StatsCollector> collectors;

  /**
   * @param token the bearer token clients must present: the node token line
   * @param collectors this kletd's nodes' collectors by node name; read on each request, so nodes
   *     may be added while it serves
   */
  public SummaryHandler(String token, Map<String, StatsCollector> collectors) {
    this.token = new BearerToken(token);
    this.collectors = collectors;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Request.getPathInContext(request).equals(PATH)) {
      return false;
    }
    if (!token.admits(request, response, callback)) {
      return true;
    }
    if (!request.getMethod().equals("GET")) {
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    String node = Request.extractQueryParameters(request).getValue("node");
    StatsCollector collector;
    if (node == null || node.isEmpty()) {
      if (collectors.size() != 1) {
        Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
            "this kletd runs nodes " + collectors.keySet() + "; name one with ?node=NAME");
        return true;
      }
      collector = collectors.values().iterator().next();
    } else {
      collector = collectors.get(node);
      if (collector == null) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404,
            "node \"" + node + "\" is not run by this kletd (it runs " + collectors.keySet() + ")");
        return true;
      }
    }
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(Json.bytes(collector.summary())), callback);
    return true;
  }
}
