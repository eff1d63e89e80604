package dev.kctl.kletd;

import java.net.URI;
import java.nio.file.Path;

/**
 * How a kletd runs, as its flags say (see {@link Kletd} for defaults).
 *
 * @param server the API server, e.g. {@code https://127.0.0.1:6443}
 * @param tokenFile the join token file (kctld writes it as {@code node-token}); null once joined
 * @param dataDir where pods' logs and process state live ({@code <dataDir>/pods})
 * @param nodeName the Node's name
 * @param caCertHash {@code sha256:<hex>} to pin the server's CA; empty to use the token's
 * @param imageDir the image catalog
 * @param listen where the node HTTP endpoint listens; port 0 picks a free one
 * @param address the node's InternalIP: pods' IP, hostPort bind address, endpoint address for kctld
 * @param hostPortRange the host ports the API server may assign to this node's pods
 * @param simulate how many simulated nodes to run instead of a real one; 0 for a real node
 */
public record KletdConfig(
    URI server,
    Path tokenFile,
    Path dataDir,
    String nodeName,
    String caCertHash,
    Path imageDir,
    HostPort listen,
    String address,
    PortRange hostPortRange,
    int simulate) {

  /** A {@code HOST:PORT} pair. */
  public record HostPort(String host, int port) {
    /** Parses {@code HOST:PORT} or {@code [IPv6]:PORT}; port 0 means any free port. */
    public static HostPort parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException("expected HOST:PORT, e.g. 127.0.0.1:10250, got \"" + text + "\"");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new HostPort(host, parsePort(text.substring(colon + 1), text, 0));
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** An inclusive range of ports, {@code LOW-HIGH}. */
  public record PortRange(int low, int high) {
    public static PortRange parse(String text) {
      int dash = text.indexOf('-');
      if (dash <= 0) {
        throw new IllegalArgumentException("expected LOW-HIGH, e.g. 20000-29999, got \"" + text + "\"");
      }
      int low = parsePort(text.substring(0, dash), text, 1);
      int high = parsePort(text.substring(dash + 1), text, 1);
      if (low > high) {
        throw new IllegalArgumentException("port range \"" + text + "\" starts above its end");
      }
      return new PortRange(low, high);
    }

    @Override
    public String toString() {
      return low + "-" + high;
    }
  }

  private static int parsePort(String digits, String whole, int min) {
    try {
      int port = Integer.parseInt(digits.strip());
      if (port >= min && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("\"" + digits + "\" in \"" + whole + "\" is not a port (" + min + "-65535)");
  }
}
