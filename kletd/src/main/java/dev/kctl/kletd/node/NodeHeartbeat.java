package dev.kctl.kletd.node;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The node's heartbeats, as the kubelet sends them: {@link #tick()} runs every
 * {@link #LEASE_INTERVAL}, renews the Lease, and sends the Node's status (with a new Ready
 * lastHeartbeatTime) only every {@link #STATUS_INTERVAL}, since the Lease is the cheap heartbeat.
 * When the Lease cannot be renewed the status goes at every tick, so the node stays Ready.
 */
public final class NodeHeartbeat {
  public static final Duration LEASE_INTERVAL = Duration.ofSeconds(10);
  public static final Duration STATUS_INTERVAL = Duration.ofSeconds(60);

  private final NodeRegistration node;
  private final NodeLease lease;
  private final InstantSource clock;
  private Instant lastStatus;

  /** {@code node} must have been registered: its status was just sent. */
  public NodeHeartbeat(NodeRegistration node, NodeLease lease, InstantSource clock) {
    this.node = node;
    this.lease = lease;
    this.clock = clock;
    this.lastStatus = clock.instant();
  }

  /** One heartbeat; throws when the Node's status had to be sent and could not be. */
  public synchronized void tick() {
    boolean leased = lease.renew();
    Instant now = clock.instant();
    if (!leased || !now.isBefore(lastStatus.plus(STATUS_INTERVAL))) {
      node.heartbeat();
      lastStatus = now;
    }
  }
}
