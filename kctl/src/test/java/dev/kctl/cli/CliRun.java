package dev.kctl.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs kctl command lines in-process against a {@link FakeClient}, for the commands' tests. */
final class CliRun {
  final FakeClient client = new FakeClient();
  /** The documents of the server's non-resource paths, by path. */
  final java.util.Map<String, String> paths = new java.util.HashMap<>();
  /** The environment commands see. */
  final java.util.Map<String, String> environment = new java.util.HashMap<>();
  String stdin = "";
  /** The CLI's clock: ages in output are measured from this instant. */
  static final java.time.Instant NOW = java.time.Instant.parse("2025-01-01T00:05:00Z");

  /** What one command line printed, and its exit code. */
  record Result(int code, String out, String err) {}

  Result kctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ServerPaths serverPaths = path -> {
      String json = paths.get(path);
      if (json == null) {
        throw new dev.kctl.api.ApiException(dev.kctl.api.StatusReason.NotFound, "no document at " + path);
      }
      return dev.kctl.codec.Json.parse(json);
    };
    Connector connector = (kubeconfig, context) -> new Connector.Connection(client, "default", serverPaths,
        java.net.URI.create("https://127.0.0.1:6443"), "test");
    try (Kctl kctl = new Kctl(connector, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        java.time.InstantSource.fixed(NOW),
        new Environment(environment, java.nio.file.Path.of("").toAbsolutePath()))) {
      int code = kctl.execute(args, new PrintWriter(out), new PrintWriter(err));
      return new Result(code, out.toString(), err.toString());
    }
  }
}
