package dev.kctl.kletd.pods;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/** Tells whether a host port is free on the node's address, before a container that needs it starts. */
@FunctionalInterface
interface PortProbe {
  /** Why {@code port} cannot be bound on {@code address}, or empty when it is free. */
  Optional<String> inUse(String address, int port);

  /** Binds the port and lets it go again; SO_REUSEADDR so that a recently closed socket does not count. */
  PortProbe BIND = (address, port) -> {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  };

  PortProbe NONE = (address, port) -> Optional.empty();
}
