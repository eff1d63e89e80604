package dev.kctl.client.spdy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The names of Kubernetes' port-forward protocol: each forwarded TCP connection is a pair of
 * streams the client opens with the same {@link #REQUEST_ID} and {@link #PORT}, one of
 * {@link #STREAM_TYPE} {@link #ERROR} (the server writes a message there if forwarding fails),
 * one of type {@link #DATA} (the connection's bytes both ways).
 */
public final class PortForwardProtocol {
  /** The WebSocket subprotocol of SPDY tunnelled in binary messages (kubectl 1.30 and later). */
  public static final String TUNNELED = "SPDY/3.1+portforward.k8s.io";
  /**
   * The same protocol under a name that is an RFC 6455 token: the JDK's WebSocket client refuses
   * the '/' of {@link #TUNNELED}, so kctl and kctld's hop to kletd offer this one.
   */
  public static final String TUNNELED_TOKEN = "spdy-3.1.portforward.kctl.dev";
  public static final String STREAM_TYPE = "streamtype";
  public static final String PORT = "port";
  public static final String REQUEST_ID = "requestid";
  public static final String ERROR = "error";
  public static final String DATA = "data";

  private PortForwardProtocol() {}

  /**
   * The tunnelled subprotocol to accept among those a client offers (header values, which may be
   * comma-separated lists): {@link #TUNNELED} first, else {@link #TUNNELED_TOKEN}.
   */
  public static Optional<String> choose(List<String> offered) {
    List<String> names = offered.stream().flatMap(v -> Arrays.stream(v.split(",")))
        .map(String::trim).toList();
    return Stream.of(TUNNELED, TUNNELED_TOKEN).filter(names::contains).findFirst();
  }
}
