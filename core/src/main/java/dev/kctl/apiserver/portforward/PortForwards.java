package dev.kctl.apiserver.portforward;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.kubelet.KubeletAccess;
import dev.kctl.apiserver.kubelet.KubeletEndpoint;
import dev.kctl.client.Client;
import dev.kctl.client.spdy.PortForwardProtocol;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code pods/portforward} subresource: a WebSocket with subprotocol
 * {@value PortForwardProtocol#TUNNELED} (SPDY in binary messages, as kubectl 1.30 and later
 * speak it), relayed unchanged by {@link PortForwardRelay} to the kletd of the pod's node, which
 * dials the pod. Plain SPDY upgrades (older clients) are refused with 400.
 */
public final class PortForwards {
  private final Client api;
  private final KubeletAccess kubelets;

  /**
   * @param api reads the pod and its node
   * @param kubelets how to reach and authenticate to the node's kletd
   */
  public PortForwards(Client api, KubeletAccess kubelets) {
    this.api = api;
    this.kubelets = kubelets;
  }

  /**
   * Upgrades the request and relays it to the pod's node.
   *
   * @throws ApiException 400 without a WebSocket upgrade or the pod has no node yet, 404 when the
   *     pod or its node does not exist, 503 when the node's kletd cannot be reached
   */
  public void serve(ServerWebSocketContainer websockets, Request request, Response response, Callback callback,
      String namespace, String pod) {
    Optional<String> protocol =
        PortForwardProtocol.choose(request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL));
    if (websockets == null || protocol.isEmpty() || !"websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) {
      throw ApiException.badRequest("port-forward needs a WebSocket upgrade with subprotocol "
          + PortForwardProtocol.TUNNELED + " (kubectl 1.30 or later); plain SPDY upgrades are not supported");
    }
    KubeletEndpoint kubelet = kubelet(namespace, pod);
    URI node = kubelet.webSocketUri("/portForward/" + encode(namespace) + "/" + encode(pod));
    PortForwardRelay relay = PortForwardRelay.connect(node, kubelets.http(), kubelets.authorization(kubelet.nodeName()),
        namespace + "/" + pod);
    boolean upgraded = websockets.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
      upgradeResponse.setAcceptedSubProtocol(protocol.get());
      return relay;
    }, request, response, callback);
    if (!upgraded) {
      relay.abort();
      throw ApiException.badRequest("the WebSocket upgrade of this port-forward failed");
    }
  }

  private KubeletEndpoint kubelet(String namespace, String podName) {
    ObjectNode pod = api.get(ResourceTypes.PODS, namespace, podName);
    String nodeName = pod.path("spec").path("nodeName").asString("");
    if (nodeName.isEmpty()) {
      throw ApiException.badRequest(
          "pod %s does not have a host assigned yet; wait until it is scheduled and started".formatted(podName));
    }
    KubeletEndpoint kubelet = KubeletEndpoint.of(api.get(ResourceTypes.NODES, null, nodeName));
    if (kubelet.port() == 0) {
      throw new ApiException(StatusReason.ServiceUnavailable,
          "node %s reports no kubelet endpoint; is its kletd running?".formatted(nodeName));
    }
    return kubelet;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
