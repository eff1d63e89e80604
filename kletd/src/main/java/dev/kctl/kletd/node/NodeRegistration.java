package dev.kctl.kletd.node;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.api.Timestamps;
import dev.kctl.client.Client;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import java.time.Instant;
import java.time.InstantSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Registers this node with the API server and keeps its status fresh, as the kubelet does: creates
 * the Node when it does not exist (keeping an existing one as it is), then merge-patches
 * {@code nodes/status} with addresses, capacity, conditions, nodeInfo and the port of the node's
 * HTTP endpoint. {@link #heartbeat()} sends the status again with a new lastHeartbeatTime; the
 * conditions' lastTransitionTime stays the registration time as long as the node stays Ready.
 */
public final class NodeRegistration {
  static final String HOST_PORT_RANGE = "kctl.dev/host-port-range";

  /**
   * @param name the Node's name
   * @param hostname the machine's host name, reported as the Hostname address
   * @param address the InternalIP address, where pods listen and the HTTP endpoint is reached
   * @param kubeletPort the HTTP endpoint's port
   * @param hostPortRange e.g. {@code 20000-29999}, the host ports the binding may assign
   */
  public record Identity(String name, String hostname, String address, int kubeletPort, String hostPortRange) {}

  private final Client client;
  private final Identity identity;
  private final HostInfo host;
  private final InstantSource clock;
  /** When this kletd started reporting Ready: the conditions' lastTransitionTime. */
  private final Instant readySince;

  public NodeRegistration(Client client, Identity identity, HostInfo host, InstantSource clock) {
    this.client = client;
    this.identity = identity;
    this.host = host;
    this.clock = clock;
    this.readySince = clock.instant();
  }

  /** Creates the Node if needed and reports its status; throws {@link ApiException} when refused. */
  public synchronized void register() {
    try {
      client.get(ResourceTypes.NODES, null, identity.name());
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
      try {
        client.create(ResourceTypes.NODES, null, node());
      } catch (ApiException raced) {
        if (raced.reason() != StatusReason.AlreadyExists) {
          throw raced;
        }
      }
    }
    patchStatus();
  }

  /** Reports the status again; registers the Node anew if it was deleted. */
  public synchronized void heartbeat() {
    try {
      patchStatus();
    } catch (ApiException e) {
      if (e.reason() != StatusReason.NotFound) {
        throw e;
      }
      register();
    }
  }

  ObjectNode node() {
    ObjectNode node = Json.object();
    node.put("apiVersion", "v1");
    node.put("kind", "Node");
    ObjectNode meta = node.putObject("metadata");
    meta.put("name", identity.name());
    ObjectNode labels = meta.putObject("labels");
    labels.put("kubernetes.io/hostname", identity.name());
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", host.architecture());
    meta.putObject("annotations").put(HOST_PORT_RANGE, identity.hostPortRange());
    node.putObject("spec");
    return node;
  }

  ObjectNode status(Instant now) {
    ObjectNode status = Json.object();
    ArrayNode addresses = status.putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", identity.address());
    addresses.addObject().put("type", "Hostname").put("address", identity.hostname());
    ObjectNode capacity = status.putObject("capacity");
    capacity.put("cpu", Integer.toString(host.cpus()));
    capacity.put("memory", host.memoryKi() + "Ki");
    capacity.put("pods", "110");
    status.set("allocatable", capacity.deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    condition(conditions, "Ready", "True", "KubeletReady", "kletd is posting ready status", now);
    condition(conditions, "MemoryPressure", "False", "KubeletHasSufficientMemory",
        "kletd has sufficient memory available", now);
    condition(conditions, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kletd has no disk pressure", now);
    condition(conditions, "PIDPressure", "False", "KubeletHasSufficientPID", "kletd has sufficient PID available", now);
    ObjectNode info = status.putObject("nodeInfo");
    info.put("machineID", host.machineId());
    info.put("bootID", host.bootId());
    info.put("systemUUID", "");
    info.put("kernelVersion", host.kernelVersion());
    info.put("osImage", host.osImage());
    info.put("containerRuntimeVersion", "process://kletd");
    info.put("kubeletVersion", "v1.32.0-kctl");
    info.put("kubeProxyVersion", "");
    info.put("operatingSystem", "linux");
    info.put("architecture", host.architecture());
    status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", identity.kubeletPort());
    return status;
  }

  private void condition(ArrayNode conditions, String type, String value, String reason, String message,
      Instant now) {
    conditions.addObject()
        .put("type", type)
        .put("status", value)
        .put("lastHeartbeatTime", Timestamps.time(now))
        .put("lastTransitionTime", Timestamps.time(readySince))
        .put("reason", reason)
        .put("message", message);
  }

  private void patchStatus() {
    ObjectNode patch = Json.object();
    patch.set("status", status(clock.instant()));
    client.patch(ResourceTypes.NODES, null, identity.name(), PatchType.MERGE, patch, "status");
  }
}
