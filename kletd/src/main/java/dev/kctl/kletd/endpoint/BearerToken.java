package dev.kctl.kletd.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The check every node endpoint makes first: does the request carry kctld's bearer token? */
public final class BearerToken {
  private final byte[] expected;

  /** @param token the token kctld presents to this node */
  public BearerToken(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the request carries the token; if not, it has been answered 401. */
  public boolean admits(Request request, Response response, Callback callback) {
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    // constant-time, so the token cannot be guessed byte by byte from response times
    if (auth == null || !MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8))) {
      Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401,
          "a node token is required (Authorization: Bearer <node token>)");
      return false;
    }
    return true;
  }
}
