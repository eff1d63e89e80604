package dev.kctl.kletd.node;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Finds the node's InternalIP when {@code --node-ip} is not given: the local address the kernel
 * picks to reach the API server. That is the address through which the server (and every other
 * node, on the same network) can reach this node; on one machine with a loopback server it is
 * {@code 127.0.0.1}.
 *
 * <p>The answer comes from connecting a UDP socket, which only consults the routing table: no
 * packet is sent, so an unreachable server still yields an address (the one its route goes out
 * of), and a server without a route yields none.
 */
public final class NodeAddress {
  private NodeAddress() {}

  /**
   * The local address used to reach {@code server}'s host.
   *
   * @throws IllegalStateException when the host does not resolve or no route leads to it; the
   *     message tells to set {@code --node-ip}
   */
  public static String toward(URI server) {
    String host = server.getHost();
    InetAddress remote;
    try {
      remote = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot find the node's address: the server host " + host
          + " does not resolve (" + e.getMessage() + "); set --node-ip", e);
    }
    int port = server.getPort() > 0 ? server.getPort() : 443;
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(remote, port));
      InetAddress local = socket.getLocalAddress();
      if (local == null || local.isAnyLocalAddress()) {
        throw new IllegalStateException("cannot find the node's address: no route from this machine to "
            + remote.getHostAddress() + " (the server " + server + "); set --node-ip");
      }
      return local.getHostAddress();
    } catch (IOException e) {
      throw new IllegalStateException("cannot find the node's address: no route from this machine to "
          + remote.getHostAddress() + " (the server " + server + "): " + e.getMessage() + "; set --node-ip", e);
    }
  }
}
