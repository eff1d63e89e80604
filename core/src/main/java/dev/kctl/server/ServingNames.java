package dev.kctl.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names the API server's certificate must carry so that clients on other machines, which
 * verify the host they dialled against it, accept the server: the listen host itself, or for a
 * wildcard listen address ({@code 0.0.0.0}, {@code ::}) every address of this machine's
 * interfaces that are up, and its host name. Loopback names are added by the PKI in any case.
 */
final class ServingNames {
  private static final Logger log = LoggerFactory.getLogger(ServingNames.class);
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

  private ServingNames() {}

  static List<String> of(InetSocketAddress listen) {
    return of(listen, ServingNames::interfaceAddresses, ServingNames::hostName);
  }

  static List<String> of(InetSocketAddress listen, Supplier<List<InetAddress>> interfaces,
      Supplier<String> hostName) {
    InetAddress address = listen.getAddress();
    if (address == null || !address.isAnyLocalAddress()) {
      return List.of(listen.getHostString());
    }
    Set<String> names = new LinkedHashSet<>();
    for (InetAddress a : interfaces.get()) {
      // A link-local address needs its interface's scope to be dialled; no certificate can name that.
      if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
        names.add(a.getHostAddress());
      }
    }
    String host = hostName.get();
    if (!host.isEmpty()) {
      names.add(host);
    }
    return List.copyOf(names);
  }

  private static List<InetAddress> interfaceAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
        if (nic.isUp()) {
          nic.inetAddresses().forEach(out::add);
        }
      }
    } catch (SocketException e) {
      log.warn("cannot list this machine's addresses for the serving certificate ({}); clients must use"
          + " 127.0.0.1 or --listen a specific address", e.getMessage());
    }
    return out;
  }

  /** The machine's name from /etc/hostname (no resolver call, which may hang), if a certificate may carry it. */
  private static String hostName() {
    try {
      String name = Files.readString(Path.of("/etc/hostname")).strip().toLowerCase(Locale.ROOT);
      return DNS_NAME.matcher(name).matches() ? name : "";
    } catch (IOException e) {
      return "";
    }
  }
}
