package dev.kctl.samples.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The sample app of the seed manifest: a real embedded Tomcat that greets with the pod's identity
 * and answers a health check. It reads what kletd passes to every pod: {@code POD_IP} (address to
 * listen on, else 127.0.0.1), {@code PORT} (else 8080), {@code POD_NAME}, {@code POD_NAMESPACE},
 * {@code NODE_NAME}.
 *
 * <p>Tomcat is kept minimal so that a small JVM starts it quickly: one programmatic context, no
 * JSP, no default servlet, no web.xml, and its base directory is a temporary folder that is
 * removed when the process stops (SIGTERM runs the shutdown hook, which stops Tomcat first).
 */
public final class TomcatApp {
  // Held so the level set below is not lost when the logger is garbage collected.
  private static final Logger TOMCAT_LOGS = Logger.getLogger("org.apache");

  private TomcatApp() {}

  public static void main(String[] args) throws LifecycleException, IOException {
    TOMCAT_LOGS.setLevel(Level.WARNING);
    AppConfig config = AppConfig.fromEnvironment(System.getenv());
    Path baseDir = Files.createTempDirectory("kctl-tomcat-");
    Tomcat tomcat = start(config, baseDir);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tomcat, baseDir), "tomcat-stop"));
    Connector connector = tomcat.getConnector();
    System.out.println("tomcat listening on " + config.address() + ":" + connector.getLocalPort());
    tomcat.getServer().await();
  }

  static Tomcat start(AppConfig config, Path baseDir) throws LifecycleException {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(config.port());
    connector.setProperty("address", config.address());
    tomcat.setConnector(connector);
    // The server's shutdown port would be a second listening socket per pod; signals stop us instead.
    tomcat.getServer().setPort(-1);

    Context context = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(context, "hello", new HelloServlet(config));
    context.addServletMapping("/", "hello");
    tomcat.start();
    return tomcat;
  }

  private static void stop(Tomcat tomcat, Path baseDir) {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      System.err.println("tomcat did not stop cleanly: " + e.getMessage());
    } finally {
      deleteRecursively(baseDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(TomcatApp::delete);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not remove tomcat's temporary folder " + dir + ": " + e.getMessage());
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the app takes from its environment; unset identity variables read as {@code unknown}.
   */
  record AppConfig(String address, int port, String podName, String namespace, String nodeName) {
    static AppConfig fromEnvironment(Map<String, String> env) {
      return new AppConfig(
          nonBlank(env.get("POD_IP"), "127.0.0.1"),
          Integer.parseInt(nonBlank(env.get("PORT"), "8080")),
          nonBlank(env.get("POD_NAME"), "unknown"),
          nonBlank(env.get("POD_NAMESPACE"), "unknown"),
          nonBlank(env.get("NODE_NAME"), "unknown"));
    }

    String greeting() {
      return "Hello from tomcat pod " + podName + " in " + namespace + " on node " + nodeName + "\n";
    }

    private static String nonBlank(String value, String fallback) {
      return value == null || value.isBlank() ? fallback : value.strip();
    }
  }
}
