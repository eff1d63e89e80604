package dev.kctl.api;

/**
 * Why an API request failed, as the {@code reason} field of a Kubernetes {@code Status}, with the
 * HTTP code that goes with it. Callers branch on this closed set, never on message text.
 */
public enum StatusReason {
  BadRequest(400),
  Unauthorized(401),
  Forbidden(403),
  NotFound(404),
  MethodNotAllowed(405),
  NotAcceptable(406),
  AlreadyExists(409),
  Conflict(409),
  Gone(410),
  Expired(410),
  RequestEntityTooLarge(413),
  UnsupportedMediaType(415),
  Invalid(422),
  TooManyRequests(429),
  InternalError(500),
  ServiceUnavailable(503),
  Timeout(504);

  private final int code;

  StatusReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The reason for an HTTP code when a reply carried no Status of its own. */
  public static StatusReason forCode(int code) {
    for (StatusReason reason : values()) {
      if (reason.code == code) {
        return reason;
      }
    }
    return code >= 500 ? InternalError : BadRequest;
  }
}
