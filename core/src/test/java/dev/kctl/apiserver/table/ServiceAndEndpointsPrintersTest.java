package dev.kctl.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The printers of the service-discovery kinds: Service, Endpoints, EndpointSlice. */
class ServiceAndEndpointsPrintersTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void clusterIpServiceShowsItsPortsAndNoExternalIp() {
    ObjectNode service = named("""
        {"spec": {"type": "ClusterIP", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
           "selector": {"tier": "front", "app": "web"},
           "ports": [{"port": 80, "protocol": "TCP", "targetPort": 8080}, {"port": 53, "protocol": "UDP"}]}}""");

    assertThat(new ServicePrinter().cells(service, NOW))
        .containsExactly("web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "3h", "app=web,tier=front");
    assertThat(new ServicePrinter().columns()).extracting(Column::name).containsExactly(
        "Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
    assertThat(new ServicePrinter().columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void nodePortServiceShowsPortColonNodePortAndExternalIps() {
    ObjectNode service = named("""
        {"spec": {"type": "NodePort", "clusterIPs": ["10.96.3.4"], "externalIPs": ["192.0.2.7", "192.0.2.8"],
           "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}]}}""");

    assertThat(new ServicePrinter().cells(service, NOW).subList(1, 5))
        .containsExactly("NodePort", "10.96.3.4", "192.0.2.7,192.0.2.8", "80:30080/TCP");
  }

  @Test
  void serviceWithoutPortsSelectorOrAddressSaysNone() {
    assertThat(new ServicePrinter().cells(named("{\"spec\": {\"type\": \"ClusterIP\"}}"), NOW))
        .containsExactly("web", "ClusterIP", "<none>", "<none>", "<none>", "3h", "<none>");
  }

  @Test
  void headlessServicePrintsNoneAsItsClusterIp() {
    assertThat(new ServicePrinter().cells(named("""
        {"spec": {"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"]}}"""), NOW).get(2))
        .isEqualTo("None");
  }

  @Test
  void loadBalancerIsPendingUntilItHasAnAddressThenListsThemSortedBeforeExternalIps() {
    ObjectNode pending = named("{\"spec\": {\"type\": \"LoadBalancer\"}}");
    ObjectNode ready = named("""
        {"spec": {"type": "LoadBalancer", "externalIPs": ["192.0.2.1"]},
         "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.9"}, {"hostname": "lb.example.com"},
                                                 {"ip": "203.0.113.2"}]}}}""");

    assertThat(new ServicePrinter().cells(pending, NOW).get(3)).isEqualTo("<pending>");
    assertThat(new ServicePrinter().cells(ready, NOW).get(3))
        .isEqualTo("203.0.113.2,203.0.113.9,lb.example.com,192.0.2.1");
  }

  @Test
  void externalNameServiceShowsTheNameAndUnknownTypeIsUnknown() {
    assertThat(new ServicePrinter().cells(named("""
        {"spec": {"type": "ExternalName", "externalName": "db.example.com"}}"""), NOW).get(3))
        .isEqualTo("db.example.com");
    assertThat(new ServicePrinter().cells(named("{\"spec\": {}}"), NOW).get(3)).isEqualTo("<unknown>");
  }

  @Test
  void endpointsListThreeAddressesThenCountTheRest() {
    ObjectNode endpoints = named("""
        {"subsets": [
           {"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "ports": [{"port": 80}, {"port": 443}]},
           {"addresses": [{"ip": "fd00::5"}], "notReadyAddresses": [{"ip": "10.0.0.9"}], "ports": [{"port": 80}]}]}""");

    assertThat(new EndpointsPrinter().cells(endpoints, NOW))
        .containsExactly("web", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...", "3h");
  }

  @Test
  void endpointsOfFewAddressesHeadlessSubsetsAndNoSubsets() {
    assertThat(EndpointsPrinter.format(Json.parseObject("""
        {"s": [{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}], "ports": [{"port": 80}]}]}""").path("s")))
        .isEqualTo("10.0.0.1:80,10.0.0.2:80");
    assertThat(EndpointsPrinter.format(Json.parseObject("""
        {"s": [{"addresses": [{"ip": "fd00::1"}], "ports": [{"port": 8080}]},
               {"addresses": [{"ip": "10.0.0.3"}, {"ip": "10.0.0.4"}, {"ip": "10.0.0.5"}]}]}""").path("s")))
        .isEqualTo("[fd00::1]:8080,10.0.0.3,10.0.0.4 + 1 more...");
    assertThat(new EndpointsPrinter().cells(named("{}"), NOW).get(1)).isEqualTo("<none>");
    assertThat(new EndpointsPrinter().cells(named("{\"subsets\": [{\"ports\": [{\"port\": 80}]}]}"), NOW).get(1))
        .isEqualTo("");
  }

  @Test
  void endpointSliceShowsPortsAndAddressesThreeAtATime() {
    ObjectNode slice = named("""
        {"addressType": "IPv4",
         "ports": [{"name": "http", "port": 80}, {"name": "metrics"}, {}, {"port": 9000}],
         "endpoints": [{"addresses": ["10.0.0.1"]}, {"addresses": ["10.0.0.2", "10.0.0.3"]}]}""");

    assertThat(new EndpointSlicePrinter().cells(slice, NOW))
        .containsExactly("web", "IPv4", "80,metrics,* + 1 more...", "10.0.0.1,10.0.0.2,10.0.0.3", "3h");
    assertThat(new EndpointSlicePrinter().columns()).extracting(Column::name)
        .containsExactly("Name", "AddressType", "Ports", "Endpoints", "Age");
  }

  @Test
  void emptyEndpointSliceIsUnset() {
    assertThat(new EndpointSlicePrinter().cells(named("{\"addressType\": \"IPv6\"}"), NOW))
        .containsExactly("web", "IPv6", "<unset>", "<unset>", "3h");
  }

  @Test
  void tablesPickThesePrintersForTheirKinds() {
    assertThat(Printer.of(dev.kctl.api.ResourceTypes.SERVICES)).isInstanceOf(ServicePrinter.class);
    assertThat(Printer.of(dev.kctl.api.ResourceTypes.ENDPOINTS)).isInstanceOf(EndpointsPrinter.class);
    assertThat(Printer.of(dev.kctl.api.ResourceTypes.ENDPOINTSLICES)).isInstanceOf(EndpointSlicePrinter.class);
  }

  private static ObjectNode named(String json) {
    ObjectNode object = Json.parseObject(json);
    object.withObject("metadata").put("name", "web");
    object.withObject("metadata").put("creationTimestamp", "2026-11-25T07:00:00Z");
    return object;
  }
}
