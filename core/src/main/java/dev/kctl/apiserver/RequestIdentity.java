package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.Authorizer.Identity;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** Who sent a request: its bearer token, authenticated once and kept on the request for the later checks. */
final class RequestIdentity {
  private RequestIdentity() {
  }

  /** Attaches the identity of the request's bearer token, or refuses the request as Unauthorized. */
  static void authenticate(Request request, Authenticator authenticator) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    Optional<Identity> identity = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authenticator.authenticate(header.substring(7).trim())
        : Optional.empty();
    request.setAttribute(Identity.class.getName(), identity.orElseThrow(() -> new ApiException(
        StatusReason.Unauthorized, "Unauthorized: send the bearer token from the kubeconfig kctld wrote")));
  }

  /** The identity {@link #authenticate} attached; null on the public paths, which skip authentication. */
  static Identity of(Request request) {
    return (Identity) request.getAttribute(Identity.class.getName());
  }
}
