package dev.kctl.apiserver;

import dev.kctl.codec.Json;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/** Whole (not streamed) replies of the REST API, carrying the Warning headers a request collected. */
final class Replies {
  static final String JSON = "application/json";
  private static final String WARNINGS = Replies.class.getName() + ".warnings";

  private Replies() {
  }

  /** Adds a Warning header to the reply of {@code request}: kubectl prints each as "Warning: ...". */
  static void warn(Request request, String warning) {
    @SuppressWarnings("unchecked")
    List<String> warnings = (List<String>) request.getAttribute(WARNINGS);
    if (warnings == null) {
      warnings = new ArrayList<>();
      request.setAttribute(WARNINGS, warnings);
    }
    warnings.add(warning);
  }

  static void sendJson(Response response, Callback callback, int status, JsonNode body) {
    send(response, callback, status, JSON, Json.bytes(body));
  }

  static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
    @SuppressWarnings("unchecked")
    List<String> warnings = (List<String>) response.getRequest().getAttribute(WARNINGS);
    if (warnings != null) {
      FieldValidation.headerValues(warnings).forEach(w -> response.getHeaders().add("Warning", w));
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
