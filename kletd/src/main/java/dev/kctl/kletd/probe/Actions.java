package dev.kctl.kletd.probe;

import dev.kctl.client.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs actions for real: exec as a child process of kletd (inside the container's mount namespace
 * when it has one), httpGet with the JDK's HTTP client, tcpSocket with a plain socket. Failure
 * messages follow the kubelet's, so events read as in Kubernetes. httpGet with scheme HTTPS does
 * not verify the server's certificate or host name, as the kubelet does not.
 */
public final class Actions implements ActionRunner {
  /** What the kubelet keeps of a probe's output. */
  private static final int MAX_OUTPUT = 10 * 1024;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();
  private final HttpClient https = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .sslContext(Tls.acceptingAny())
      .build();

  @Override
  public Outcome run(Action action, Target target, Duration timeout) {
    return switch (action) {
      case Action.Exec exec -> exec(exec, target, timeout);
      case Action.HttpGet get -> httpGet(get, target, timeout);
      case Action.TcpSocket tcp -> tcp(tcp, target, timeout);
      case Action.Sleep sleep -> sleep(sleep);
    };
  }

  private static Outcome exec(Action.Exec exec, Target target, Duration timeout) {
    if (exec.command().isEmpty()) {
      return new Outcome.Failure("exec has no command");
    }
    ProcessBuilder builder = target.configure(new ProcessBuilder(target.commandLine(exec.command())))
        .redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Outcome.Failure("failed to exec " + exec.command() + ": " + e.getMessage());
    }
    AtomicReference<String> output = new AtomicReference<>("");
    Thread reader = Thread.ofVirtual().start(() -> output.set(read(process.getInputStream())));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return new Outcome.Failure("command " + quoted(exec.command()) + " timed out");
      }
      reader.join(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return new Outcome.Failure("interrupted while running " + quoted(exec.command()));
    }
    String text = output.get();
    return process.exitValue() == 0 ? new Outcome.Success(text) : new Outcome.Failure(text);
  }

  private Outcome httpGet(Action.HttpGet get, Target target, Duration timeout) {
    String scheme = get.scheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return new Outcome.Failure("scheme " + get.scheme() + " is not supported; use HTTP or HTTPS");
    }
    String host = get.host().isEmpty() ? target.host() : get.host();
    var port = target.port(get.port());
    if (port.isEmpty()) {
      return new Outcome.Failure("port \"" + get.port() + "\" is neither a number nor a port name of the container");
    }
    String url = scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port.get() + get.path();
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    } catch (IllegalArgumentException e) {
      return new Outcome.Failure("bad probe URL " + url + ": " + e.getMessage());
    }
    boolean userAgent = false;
    for (Action.Header header : get.headers()) {
      userAgent |= header.name().equalsIgnoreCase("User-Agent");
      try {
        request.header(header.name(), header.value());
      } catch (IllegalArgumentException e) {
        // The JDK refuses a few headers (Host, Connection); the probe goes without them.
      }
    }
    if (!userAgent) {
      request.header("User-Agent", "kube-probe/1.32");
    }
    try {
      HttpClient client = scheme.equals("https") ? https : http;
      HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
      }
      int code = response.statusCode();
      return code >= 200 && code < 400
          ? new Outcome.Success(body)
          : new Outcome.Failure("HTTP probe failed with statuscode: " + code);
    } catch (HttpTimeoutException e) {
      return new Outcome.Failure("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while"
          + " awaiting headers)");
    } catch (ConnectException e) {
      return new Outcome.Failure("Get \"" + url + "\": dial tcp " + host + ":" + port.get()
          + ": connect: connection refused");
    } catch (IOException e) {
      return new Outcome.Failure("Get \"" + url + "\": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Failure("Get \"" + url + "\": interrupted");
    }
  }

  private static Outcome tcp(Action.TcpSocket tcp, Target target, Duration timeout) {
    String host = tcp.host().isEmpty() ? target.host() : tcp.host();
    var port = target.port(tcp.port());
    if (port.isEmpty()) {
      return new Outcome.Failure("port \"" + tcp.port() + "\" is neither a number nor a port name of the container");
    }
    String address = host + ":" + port.get();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port.get()), (int) Math.max(1, timeout.toMillis()));
      return new Outcome.Success("");
    } catch (SocketTimeoutException e) {
      return new Outcome.Failure("dial tcp " + address + ": i/o timeout");
    } catch (ConnectException e) {
      return new Outcome.Failure("dial tcp " + address + ": connect: connection refused");
    } catch (IOException e) {
      return new Outcome.Failure("dial tcp " + address + ": " + e.getMessage());
    }
  }

  private static Outcome sleep(Action.Sleep sleep) {
    try {
      Thread.sleep(Duration.ofSeconds(Math.max(0, sleep.seconds())));
      return new Outcome.Success("");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Failure("interrupted");
    }
  }

  private static String read(InputStream in) {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_OUTPUT);
      // Drain the rest, so that a chatty command does not block on a full pipe.
      in.transferTo(OutputStream.nullOutputStream());
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String quoted(List<String> command) {
    return "\"" + String.join(" ", command) + "\"";
  }
}
