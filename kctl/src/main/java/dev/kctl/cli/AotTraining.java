package dev.kctl.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kctl.client.KubeConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The training run of kctl's AOT cache: the build runs this with {@code -XX:AOTCacheOutput}, and
 * every class these commands load and link is then ready at the next start. It runs what people
 * run most (help, version, get, apply, describe, delete) against a stand-in API server over TLS,
 * so that the TLS handshake, the HTTP client, JSON and table printing are all in the cache.
 *
 * <p>The stand-in answers every list with a one-row Table, every GET of one object with 404, and
 * every write by echoing the object: enough for the commands to run their usual path.
 */
public final class AotTraining {
  private static final String PASSWORD = "training";

  private AotTraining() {}

  /** @param args the sample manifest to apply, e.g. samples/tomcat.yaml */
  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("kctl-aot-");
    HttpsServer server = null;
    try {
      Path keystore = home.resolve("server.p12");
      keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
          "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
      String caPem = keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
          "-storepass", PASSWORD);
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls(keystore)));
      server.createContext("/", AotTraining::answer);
      server.start();
      Path kubeconfig = home.resolve("config");
      KubeConfig.write(kubeconfig, "training", "https://127.0.0.1:" + server.getAddress().getPort(), caPem,
          "training", "token");
      String config = kubeconfig.toString();
      String manifest = args.length > 0 ? args[0] : "samples/tomcat.yaml";
      List<List<String>> commands = List.of(
          List.of("--help"),
          List.of("version", "--client"),
          List.of("get", "--help"),
          List.of("get", "pods", "--kubeconfig", config),
          List.of("get", "deploy", "-o", "wide", "--kubeconfig", config),
          List.of("get", "pods", "-o", "yaml", "--kubeconfig", config),
          List.of("apply", "-f", manifest, "--kubeconfig", config),
          List.of("describe", "pod", "x", "--kubeconfig", config),
          List.of("delete", "-f", manifest, "--kubeconfig", config),
          List.of("create", "deployment", "web", "--image=tomcat", "--dry-run=client", "-o", "yaml"),
          List.of("completion", "bash"));
      for (List<String> command : commands) {
        try (Kctl kctl = new Kctl(Connector.KUBECONFIG, new ByteArrayInputStream(new byte[0]),
            InstantSource.system(), new Environment(Map.of(), home))) {
          kctl.execute(command.toArray(String[]::new), new PrintWriter(Writer.nullWriter()),
              new PrintWriter(Writer.nullWriter()));
        }
      }
    } finally {
      if (server != null) {
        server.stop(0);
      }
      delete(home);
    }
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String[] parts = path.split("/");
      boolean collection = parts.length % 2 == (path.startsWith("/api/") ? 0 : 1);
      byte[] request = exchange.getRequestBody().readAllBytes();
      int code;
      String body;
      if (method.equals("GET") && collection) {
        code = 200;
        body = """
            {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": "1"},
             "columnDefinitions": [{"name": "Name", "type": "string", "format": "name", "priority": 0},
                                   {"name": "Age", "type": "string", "format": "", "priority": 0}],
             "rows": [{"cells": ["web-1", "5m"], "object": {"kind": "PartialObjectMetadata",
                       "metadata": {"name": "web-1", "namespace": "default"}}}]}""";
      } else if (method.equals("GET") || method.equals("DELETE")) {
        code = method.equals("GET") ? 404 : 200;
        body = """
            {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
             "message": "not found", "details": {"name": "x"}}""";
      } else {
        code = 201;
        body = new String(request, StandardCharsets.UTF_8);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(code, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private static SSLContext tls(Path keystore) throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(factory.getKeyManagers(), null, null);
    return tls;
  }

  /** Runs the JDK's keytool; returns what it printed. */
  private static String keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }

  private static void delete(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
