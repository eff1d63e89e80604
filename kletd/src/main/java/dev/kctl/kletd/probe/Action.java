package dev.kctl.kletd.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a probe or a lifecycle hook does, as the pod spec's handler says: run a command, GET a URL,
 * open a TCP connection, or (hooks only) sleep.
 */
public sealed interface Action {

  /** Runs {@code command} with the container's environment and working directory; exit 0 is success. */
  record Exec(List<String> command) implements Action {
    public Exec {
      command = List.copyOf(command);
    }
  }

  /**
   * GETs {@code scheme://host:port/path}; 200-399 is success.
   *
   * @param host empty for the pod's IP
   * @param port a number or the name of one of the container's ports
   */
  record HttpGet(String host, String port, String path, String scheme, List<Header> headers) implements Action {
    public HttpGet {
      headers = List.copyOf(headers);
    }
  }

  /** An {@code httpHeaders} entry. */
  record Header(String name, String value) {}

  /** Opens a TCP connection to {@code host:port} (host empty for the pod's IP); connecting is success. */
  record TcpSocket(String host, String port) implements Action {}

  /** Waits {@code seconds}; always succeeds. */
  record Sleep(long seconds) implements Action {}

  /** The handler in a probe or hook object; empty when it has none kletd knows. */
  static Optional<Action> parse(JsonNode handler) {
    if (handler.has("exec")) {
      List<String> command = new ArrayList<>();
      handler.path("exec").path("command").forEach(c -> command.add(c.asString("")));
      return Optional.of(new Exec(command));
    }
    if (handler.has("httpGet")) {
      JsonNode get = handler.path("httpGet");
      List<Header> headers = new ArrayList<>();
      get.path("httpHeaders").forEach(h -> headers.add(new Header(h.path("name").asString(""),
          h.path("value").asString(""))));
      String path = get.path("path").asString("");
      return Optional.of(new HttpGet(get.path("host").asString(""), get.path("port").asString(""),
          path.startsWith("/") ? path : "/" + path, get.path("scheme").asString("HTTP"), headers));
    }
    if (handler.has("tcpSocket")) {
      JsonNode tcp = handler.path("tcpSocket");
      return Optional.of(new TcpSocket(tcp.path("host").asString(""), tcp.path("port").asString("")));
    }
    if (handler.has("sleep")) {
      return Optional.of(new Sleep(handler.path("sleep").path("seconds").asLong(0)));
    }
    return Optional.empty();
  }
}
