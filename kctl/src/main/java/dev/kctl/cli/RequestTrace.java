package dev.kctl.cli;

import dev.kctl.client.RequestLog;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * kubectl's request log for {@code -v}: from level 6 one line per request on stderr, in klog's
 * shape ({@code I0102 15:04:05.123456 kctl] GET https://... 200 OK in 5 milliseconds}); from
 * level 8 also the request and response bodies, cut at {@value #MAX_BODY} characters as kubectl
 * cuts them.
 */
final class RequestTrace implements RequestLog {
  static final int REQUESTS = 6;
  static final int BODIES = 8;
  private static final int MAX_BODY = 10240;
  private static final DateTimeFormatter KLOG_TIME = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS");

  private final int level;
  private final Supplier<PrintWriter> err;
  private final InstantSource clock;
  private final ZoneId zone;

  RequestTrace(int level, Supplier<PrintWriter> err, InstantSource clock, ZoneId zone) {
    this.level = level;
    this.err = err;
    this.clock = clock;
    this.zone = zone;
  }

  @Override
  public void exchanged(Exchange exchange) {
    if (level < REQUESTS) {
      return;
    }
    PrintWriter out = err.get();
    synchronized (out) {
      if (level >= BODIES && exchange.requestBody().length > 0) {
        out.println(header() + "Request Body: " + cut(exchange.requestBody()));
      }
      out.println(header() + exchange.method() + " " + exchange.uri() + " " + status(exchange.status()) + " in "
          + exchange.took().toMillis() + " milliseconds");
      if (level >= BODIES && exchange.responseBody() != null && exchange.responseBody().length > 0) {
        out.println(header() + "Response Body: " + cut(exchange.responseBody()));
      }
      out.flush();
    }
  }

  private String header() {
    return "I" + KLOG_TIME.format(clock.instant().atZone(zone)) + " kctl] ";
  }

  private static String cut(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() <= MAX_BODY ? text : text.substring(0, MAX_BODY) + " [truncated " + (text.length() - MAX_BODY)
        + " chars]";
  }

  /** {@code 200 OK}: the code and its reason phrase, as Go's net/http words them. */
  static String status(int code) {
    String reason = switch (code) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
    return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
  }
}
