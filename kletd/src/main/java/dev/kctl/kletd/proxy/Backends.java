package dev.kctl.kletd.proxy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ready endpoints of one Service port and the choice among them: round robin, or, with
 * {@code sessionAffinity: ClientIP}, the endpoint a client IP got first for as long as that
 * endpoint stays ready. Safe for concurrent use; an update never touches established connections.
 */
final class Backends {
  private volatile List<Endpoint> ready = List.of();
  private volatile boolean clientIpAffinity;
  private final AtomicInteger next = new AtomicInteger();
  private final Map<String, Endpoint> affinity = new ConcurrentHashMap<>();

  void update(List<Endpoint> ready, boolean clientIpAffinity) {
    this.ready = List.copyOf(ready);
    this.clientIpAffinity = clientIpAffinity;
    if (!clientIpAffinity) {
      affinity.clear();
    }
  }

  /** The endpoint for a new connection from {@code clientIp}; empty when none is ready. */
  Optional<Endpoint> pick(String clientIp) {
    List<Endpoint> current = ready;
    if (current.isEmpty()) {
      return Optional.empty();
    }
    if (!clientIpAffinity) {
      return Optional.of(roundRobin(current));
    }
    return Optional.of(affinity.compute(clientIp,
        (ip, previous) -> previous != null && current.contains(previous) ? previous : roundRobin(current)));
  }

  private Endpoint roundRobin(List<Endpoint> current) {
    return current.get(Math.floorMod(next.getAndIncrement(), current.size()));
  }
}
