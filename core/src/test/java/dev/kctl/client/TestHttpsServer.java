package dev.kctl.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kctl.pki.ClusterPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A small HTTPS server for tests, serving with a {@link ClusterPki}'s key store on a free port,
 * answering each path with the handler registered for it (404 otherwise).
 */
final class TestHttpsServer implements AutoCloseable {
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
  private final String host;

  TestHttpsServer(ClusterPki pki, String bindAddress) throws IOException, GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(pki.servingKeyStore(), pki.keyStorePassword());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    // One thread per exchange, so that a held-open watch does not block other requests.
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      HttpHandler handler = handlers.get(exchange.getRequestURI().getPath());
      if (handler == null) {
        reply(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"reason\":\"NotFound\",\"message\":\"no handler in the test\",\"code\":404}");
      } else {
        handler.handle(exchange);
      }
    });
    server.start();
    this.host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
  }

  void handle(String path, HttpHandler handler) {
    handlers.put(path, handler);
  }

  /** The server's URL with {@code host} as the name clients use, e.g. {@code localhost}. */
  URI url(String hostName) {
    return URI.create("https://" + hostName + ":" + server.getAddress().getPort());
  }

  URI url() {
    return url(host);
  }

  static void reply(HttpExchange exchange, int code, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
