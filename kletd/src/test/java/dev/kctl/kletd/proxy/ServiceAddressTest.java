package dev.kctl.kletd.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ServiceAddressTest {
  static ObjectNode service(String spec) {
    return Json.parseObject("{\"metadata\": {\"name\": \"web\", \"namespace\": \"shop\"}, \"spec\": " + spec + "}");
  }

  static final ObjectNode ENDPOINTS = Json.parseObject("""
      {"metadata": {"name": "web", "namespace": "shop"},
       "subsets": [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "notReadyAddresses": [{"ip": "10.0.0.3"}],
                    "ports": [{"port": 20001}]},
                   {"addresses": [{"ip": "10.0.0.2"}], "ports": [{"port": 20002}]}]}""");

  @Test
  void aServiceWithAClusterIpStandsForItsClusterIps() {
    assertThat(ServiceAddress.of(service("{\"clusterIP\": \"127.96.0.7\", \"clusterIPs\": [\"127.96.0.7\"]}"),
        ENDPOINTS)).contains(new ServiceAddress("shop", "web", List.of("127.96.0.7")));
  }

  @Test
  void aHeadlessServiceStandsForItsReadyAddressesOnceEach() {
    assertThat(ServiceAddress.of(service("{\"clusterIP\": \"None\"}"), ENDPOINTS))
        .contains(new ServiceAddress("shop", "web", List.of("10.0.0.1", "10.0.0.2")));
    assertThat(ServiceAddress.of(service("{\"clusterIP\": \"None\"}"), null)).isEmpty();
  }

  @Test
  void externalNameServicesAndServicesWithoutAnAddressYetStandForNothing() {
    assertThat(ServiceAddress.of(service("{\"type\": \"ExternalName\", \"externalName\": \"db.example.com\"}"),
        null)).isEmpty();
    assertThat(ServiceAddress.of(service("{\"ports\": [{\"port\": 80}]}"), null)).isEmpty();
  }
}
