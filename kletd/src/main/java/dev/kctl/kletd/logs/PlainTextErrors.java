package dev.kctl.kletd.logs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Error replies of the node endpoint as one line of plain text: kctld passes them on to the
 * user inside a Kubernetes Status, where Jetty's default HTML page would be noise.
 */
final class PlainTextErrors implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    String text = message == null ? HttpStatus.getMessage(response.getStatus()) : message.toString();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
