package dev.kctl.client;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceType;
import dev.kctl.api.StatusReason;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link Client} over HTTPS, as kctl and kletd use it: the Kubernetes REST paths, a bearer
 * token, and TLS that trusts exactly the cluster's CA with hostname verification on (the server's
 * certificate must name the host of the URL).
 *
 * <p>Thread-safe; one instance shares its connections among all callers. Unary requests time out
 * after {@value #REQUEST_TIMEOUT_SECONDS} s unless {@link ConfigOverrides#requestTimeout()} says
 * otherwise; watches and followed logs run until closed.
 * {@link #close()} ends every watch of this client and aborts requests in flight.
 */
public final class RestClient implements Client {
  static final int REQUEST_TIMEOUT_SECONDS = 60;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final String JSON = "application/json";
  static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io, application/json";
  /** Server-side apply requires a field manager; this is kctl's. */
  private static final String FIELD_MANAGER = "kctl";

  private final URI server;
  private final String base;
  private final String authorization;
  private final HttpClient http;
  private final RequestLog requestLog;
  /** The limit of each unary request; zero for none. */
  private final Duration requestTimeout;
  /** Watches not yet ended, so that close() can end them. */
  private final Set<HttpWatch> watches = ConcurrentHashMap.newKeySet();

  private RestClient(URI server, SSLContext tls, String token) {
    this(server, tls, token, RequestLog.NONE);
  }

  private RestClient(URI server, SSLContext tls, String token, RequestLog requestLog) {
    this(server, tls, token, requestLog, REQUEST_TIMEOUT);
  }

  private RestClient(URI server, SSLContext tls, String token, RequestLog requestLog, Duration requestTimeout) {
    this.server = server;
    this.requestLog = requestLog;
    this.requestTimeout = requestTimeout;
    String text = server.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.authorization = token.isEmpty() ? "" : "Bearer " + token;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Executors.newVirtualThreadPerTaskExecutor());
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  /** A client for the cluster, user and CA of a kubeconfig context. */
  public static RestClient connect(KubeConfig config) {
    return connect(config, RequestLog.NONE);
  }

  /** A client for a kubeconfig context that tells {@code requestLog} of every exchange. */
  public static RestClient connect(KubeConfig config, RequestLog requestLog) {
    return connect(config, requestLog, ConfigOverrides.NONE);
  }

  /**
   * A client for a kubeconfig context (loaded with the same {@code overrides}) that also applies
   * their request timeout and, with {@code --insecure-skip-tls-verify} or the cluster's
   * {@code insecure-skip-tls-verify: true}, accepts any server certificate.
   */
  public static RestClient connect(KubeConfig config, RequestLog requestLog, ConfigOverrides overrides) {
    return new RestClient(config.server(), tls(config, overrides).orElse(null), config.token(), requestLog,
        overrides.requestTimeout());
  }

  /**
   * The TLS context for talking to the server of {@code config} as {@link #connect(KubeConfig,
   * RequestLog, ConfigOverrides)} does; empty to trust the JDK's public CAs.
   */
  public static java.util.Optional<SSLContext> tls(KubeConfig config, ConfigOverrides overrides) {
    if (overrides.insecureSkipTlsVerify() || config.insecureSkipTlsVerify()) {
      return java.util.Optional.of(Tls.acceptingAny());
    }
    if (config.caCertificatePem().isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Tls.trusting(Tls.parsePem(config.caCertificatePem(),
        "the certificate authority of context \"" + config.context() + "\"")));
  }

  /** The limit of each unary request; zero when there is none. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * A client for a node joining the cluster with {@code token}. On first contact nothing is
   * trusted yet, so this reads the chain the server presents, takes its CA (the last certificate)
   * and accepts it only if its public key has the expected hash: {@code caCertHashOrEmpty} when
   * given (kletd's {@code --ca-cert-hash}), else the hash inside the token. From then on the
   * client trusts exactly that CA and sends the token line as its bearer token.
   *
   * @throws UncheckedIOException if the server cannot be reached or presents another CA
   * @throws IllegalArgumentException if {@code server} is not https or the hash is malformed
   */
  public static RestClient forNode(URI server, NodeToken token, String caCertHashOrEmpty) {
    if (!"https".equals(server.getScheme()) || server.getHost() == null) {
      throw new IllegalArgumentException(
          "the server URL must look like https://HOST:PORT, got \"" + server + "\"");
    }
    String expected = caCertHashOrEmpty == null || caCertHashOrEmpty.isBlank()
        ? token.caCertHash()
        : NodeToken.requireCaCertHash(caCertHashOrEmpty, "--ca-cert-hash");
    List<X509Certificate> chain = Tls.presentedChain(server, CONNECT_TIMEOUT);
    X509Certificate ca = chain.getLast();
    String presented = NodeToken.caCertHash(ca);
    if (!presented.equals(expected)) {
      String message = "the server at %s presents CA %s, but the %s expects %s; is this the right"
          + " server?";
      message = message.formatted(server, presented,
          expected.equals(token.caCertHash()) ? "node token" : "--ca-cert-hash", expected);
      throw new UncheckedIOException(message, new SSLPeerUnverifiedException(message));
    }
    return new RestClient(server, Tls.trusting(List.of(ca)), token.token());
  }

  /**
   * A client for a node that has its own credentials already (see {@link NodeJoin}): it trusts
   * exactly the CA of {@code caCertificatePem} and sends {@code token} as its bearer token.
   */
  public static RestClient forNode(URI server, String caCertificatePem, String token) {
    return new RestClient(server, Tls.trusting(Tls.parsePem(caCertificatePem, "the cluster CA")), token);
  }

  /**
   * POSTs a JSON object to a path outside the resource API (such as the node credentials
   * endpoint) and returns the JSON object answered; a non-2xx reply throws its Status.
   */
  public ObjectNode post(String path, ObjectNode body) {
    return exchange("POST", path, Map.of(), JSON, JSON, body);
  }

  /** The API server this client talks to. */
  public URI server() {
    return server;
  }

  @Override
  public ObjectNode get(ResourceType type, String namespace, String name) {
    return exchange("GET", type.objectPath(namespace, name), Map.of(), JSON, null, null);
  }

  @Override
  public ObjectNode list(ResourceType type, String namespace, ListOptions options) {
    return exchange("GET", type.collectionPath(namespace), listQuery(options), JSON, null, null);
  }

  @Override
  public ObjectNode table(ResourceType type, String namespace, String name, ListOptions options) {
    return name == null
        ? exchange("GET", type.collectionPath(namespace), listQuery(options), TABLE_ACCEPT, null, null)
        : exchange("GET", type.objectPath(namespace, name), Map.of(), TABLE_ACCEPT, null, null);
  }

  @Override
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    return exchange("POST", type.collectionPath(namespace), Map.of(), JSON, JSON, object);
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object) {
    return exchange("PUT", objectPathOf(type, object), Map.of(), JSON, JSON, object);
  }

  @Override
  public ObjectNode updateStatus(ResourceType type, ObjectNode object) {
    return exchange("PUT", objectPathOf(type, object) + "/status", Map.of(), JSON, JSON, object);
  }

  @Override
  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType,
      JsonNode patch, String subresource) {
    String path = type.objectPath(namespace, name) + (subresource == null ? "" : "/" + subresource);
    Map<String, String> query = switch (patchType) {
      case APPLY -> Map.of("fieldManager", FIELD_MANAGER);
      case JSON, MERGE, STRATEGIC_MERGE -> Map.of();
    };
    return exchange("PATCH", path, query, JSON, patchType.contentType(), patch);
  }

  @Override
  public ObjectNode create(ResourceType type, String namespace, ObjectNode object, WriteParameters parameters) {
    return exchange("POST", type.collectionPath(namespace), writeQuery(parameters), JSON, JSON, object);
  }

  @Override
  public ObjectNode update(ResourceType type, ObjectNode object, WriteParameters parameters) {
    return exchange("PUT", objectPathOf(type, object), writeQuery(parameters), JSON, JSON, object);
  }

  @Override
  public ObjectNode patch(ResourceType type, String namespace, String name, PatchType patchType,
      JsonNode patch, String subresource, WriteParameters parameters) {
    String path = type.objectPath(namespace, name) + (subresource == null ? "" : "/" + subresource);
    Map<String, String> query = writeQuery(parameters);
    if (patchType == PatchType.APPLY) {
      query.putIfAbsent("fieldManager", FIELD_MANAGER);
    }
    return exchange("PATCH", path, query, JSON, patchType.contentType(), patch);
  }

  private static Map<String, String> writeQuery(WriteParameters parameters) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("fieldValidation", "Strict");
    if (parameters.dryRun()) {
      query.put("dryRun", "All");
    }
    putIfSet(query, "fieldManager", parameters.fieldManager());
    if (parameters.force()) {
      query.put("force", "true");
    }
    return query;
  }

  @Override
  public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions options) {
    return exchange("DELETE", type.objectPath(namespace, name), Map.of(), JSON, JSON, options.toJson());
  }

  @Override
  public ObjectNode createSubresource(ResourceType type, String namespace, String name,
      String subresource, ObjectNode body) {
    return exchange("POST", type.objectPath(namespace, name) + "/" + subresource, Map.of(), JSON,
        JSON, body);
  }

  @Override
  public Watch watch(ResourceType type, String namespace, ListOptions options,
      WatchHandler handler) {
    Map<String, String> query = listQuery(options);
    query.put("watch", "true");
    if (options.allowWatchBookmarks()) {
      query.put("allowWatchBookmarks", "true");
    }
    String path = type.collectionPath(namespace);
    HttpRequest request = request(path, query).header("Accept", JSON).GET().build();
    HttpWatch watch = new HttpWatch(http, request, handler,
        type.qualifiedResource() + (namespace == null ? "" : " in " + namespace) + " at " + server,
        watches::remove);
    watches.add(watch);
    watch.start();
    return watch;
  }

  @Override
  public InputStream logs(String namespace, String pod, LogOptions options) {
    Map<String, String> query = new LinkedHashMap<>();
    if (!options.container().isEmpty()) {
      query.put("container", options.container());
    }
    if (options.follow()) {
      query.put("follow", "true");
    }
    if (options.tailLines() >= 0) {
      query.put("tailLines", Long.toString(options.tailLines()));
    }
    if (options.previous()) {
      query.put("previous", "true");
    }
    if (options.sinceSeconds() > 0) {
      query.put("sinceSeconds", Long.toString(options.sinceSeconds()));
    }
    putIfSet(query, "sinceTime", options.sinceTime());
    if (options.timestamps()) {
      query.put("timestamps", "true");
    }
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log";
    // No timeout: a followed log streams for as long as the caller reads it.
    HttpRequest request = request(path, query).header("Accept", "*/*").GET().build();
    long started = System.nanoTime();
    HttpResponse<InputStream> response = send(request, BodyHandlers.ofInputStream());
    requestLog.exchanged(new RequestLog.Exchange("GET", request.uri(), response.statusCode(),
        Duration.ofNanos(System.nanoTime() - started), new byte[0], null));
    if (response.statusCode() / 100 == 2) {
      return response.body();
    }
    try (InputStream body = response.body()) {
      throw failure(response.statusCode(), body.readAllBytes(), "GET " + path);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /**
   * Opens a WebSocket to {@code path} of the API server ({@code wss} for https) with this client's
   * token and TLS trust, offering {@code subprotocol}; completes once the server accepted the
   * upgrade, exceptionally with a {@link java.net.http.WebSocketHandshakeException} when it refused.
   */
  public java.util.concurrent.CompletableFuture<java.net.http.WebSocket> webSocket(String path,
      Map<String, String> query, String subprotocol, java.net.http.WebSocket.Listener listener) {
    URI uri = URI.create(request(path, query).build().uri().toString().replaceFirst("^http", "ws"));
    java.net.http.WebSocket.Builder builder = http.newWebSocketBuilder()
        .subprotocols(subprotocol)
        .connectTimeout(CONNECT_TIMEOUT);
    if (!authorization.isEmpty()) {
      builder.header("Authorization", authorization);
    }
    return builder.buildAsync(uri, listener);
  }

  /** Ends every watch of this client, then the connections. */
  @Override
  public void close() {
    for (HttpWatch watch : List.copyOf(watches)) {
      watch.close();
    }
    http.shutdownNow();
  }

  private ObjectNode exchange(String method, String path, Map<String, String> query,
      String accept, String contentType, JsonNode body) {
    HttpRequest.Builder builder = request(path, query).header("Accept", accept);
    if (!requestTimeout.isZero()) {
      builder.timeout(requestTimeout);
    }
    byte[] sent = body == null ? new byte[0] : Json.bytes(body);
    if (body == null) {
      builder.method(method, BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", contentType).method(method, BodyPublishers.ofByteArray(sent));
    }
    HttpRequest request = builder.build();
    long started = System.nanoTime();
    HttpResponse<byte[]> response = send(request, BodyHandlers.ofByteArray());
    requestLog.exchanged(new RequestLog.Exchange(method, request.uri(), response.statusCode(),
        Duration.ofNanos(System.nanoTime() - started), sent, response.body()));
    String what = method + " " + path;
    if (response.statusCode() / 100 != 2) {
      throw failure(response.statusCode(), response.body(), what);
    }
    try {
      return Json.parseObject(response.body());
    } catch (JacksonException | IllegalArgumentException e) {
      throw new ApiException(StatusReason.InternalError,
          "the server at " + server + " answered " + what + " with something that is not a JSON"
              + " object: " + e.getMessage(), "", "", "", List.of(), e);
    }
  }

  private HttpRequest.Builder request(String path, Map<String, String> query) {
    StringBuilder uri = new StringBuilder(base).append(path);
    char separator = '?';
    for (Map.Entry<String, String> parameter : query.entrySet()) {
      uri.append(separator).append(parameter.getKey()).append('=')
          .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri.toString()))
        .header("User-Agent", "kctl/0.1");
    if (!authorization.isEmpty()) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException(
          "interrupted while waiting for " + request.method() + " " + request.uri()));
    }
  }

  /** The error for a server that could not be reached or not trusted, with what to check. */
  UncheckedIOException unreachable(IOException e) {
    String hint;
    if (hasCause(e, SSLException.class)) {
      hint = "the TLS handshake failed: the server's certificate must be signed by the CA in the"
          + " kubeconfig and name the host of the URL";
    } else if (e instanceof HttpTimeoutException) {
      hint = "the server did not answer within " + requestTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
          + "; is it overloaded or stopped? (kctl's --request-timeout sets the limit)";
    } else {
      hint = "is kctld running? check the server URL in the kubeconfig (--kubeconfig, $KUBECONFIG,"
          + " ~/.kube/config) or kletd's --server";
    }
    return new UncheckedIOException(
        "cannot reach the API server at " + server + ": " + describe(e) + "; " + hint, e);
  }

  /** Turns a non-2xx reply into the exception that its Status describes. */
  static ApiException failure(int code, byte[] body, String what) {
    try {
      JsonNode status = Json.parse(body);
      if ("Status".equals(status.path("kind").asString(""))) {
        return ApiException.fromStatus(status, code);
      }
    } catch (JacksonException notJson) {
      // Not a Status (a proxy's error page, say): fall through and report the text as it is.
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.length() > 200) {
      text = text.substring(0, 200) + "...";
    }
    return new ApiException(StatusReason.forCode(code),
        what + " failed with HTTP " + code + (text.isEmpty() ? "" : ": " + text));
  }

  /** The most specific message in a chain of causes (the JDK often leaves the outer one null). */
  static String describe(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> listQuery(ListOptions options) {
    Map<String, String> query = new LinkedHashMap<>();
    putIfSet(query, "labelSelector", options.labelSelector());
    putIfSet(query, "fieldSelector", options.fieldSelector());
    putIfSet(query, "resourceVersion", options.resourceVersion());
    if (options.limit() > 0) {
      query.put("limit", Long.toString(options.limit()));
    }
    putIfSet(query, "continue", options.continueToken());
    putIfSet(query, "resourceVersionMatch", options.resourceVersionMatch());
    return query;
  }

  private static void putIfSet(Map<String, String> query, String name, String value) {
    if (value != null && !value.isEmpty()) {
      query.put(name, value);
    }
  }

  private static String objectPathOf(ResourceType type, ObjectNode object) {
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asString("");
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot update a " + type.kind() + " without metadata.name");
    }
    String namespace = metadata.path("namespace").asString("");
    if (type.namespaced() && namespace.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot update " + type.kind() + " " + name + " without metadata.namespace");
    }
    return type.objectPath(type.namespaced() ? namespace : null, name);
  }
}
