package dev.kctl.cli.jsonpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.codec.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonPathTest {
  private static final JsonNode PODS = Json.parse("""
      {"kind": "List", "items": [
        {"metadata": {"name": "web-1", "labels": {"app.kubernetes.io/name": "web"}},
         "spec": {"containers": [{"name": "a", "image": "tomcat", "ports": [{"containerPort": 8080}]},
                                 {"name": "b", "image": "sidecar"}]},
         "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}},
        {"metadata": {"name": "web-2"},
         "spec": {"containers": [{"name": "a", "image": "tomcat:11", "ports": [{"containerPort": 80}]}]},
         "status": {"phase": "Pending", "conditions": [{"type": "Ready", "status": "False"}]}}
      ]}""");

  private static String render(String template) {
    return JsonPath.parse(template).render(PODS);
  }

  @Test
  void printsEveryResultOfAnActionSeparatedBySpaces() {
    assertThat(render("{.items[*].metadata.name}")).isEqualTo("web-1 web-2");
    assertThat(render("{$.items[0].spec.containers[*].image}")).isEqualTo("tomcat sidecar");
  }

  @Test
  void rangeRepeatsItsBodyForEachElementWithStringLiterals() {
    assertThat(render("{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}"))
        .isEqualTo("web-1\tRunning\nweb-2\tPending\n");
  }

  @Test
  void filtersSelectMatchingElements() {
    assertThat(render("{.items[?(@.status.phase==\"Running\")].metadata.name}")).isEqualTo("web-1");
    assertThat(render("{.items[*].status.conditions[?(@.type=='Ready')].status}")).isEqualTo("True False");
    assertThat(render("{.items[*].spec.containers[?(@.ports[0].containerPort>100)].image}")).isEqualTo("tomcat");
    assertThat(render("{.items[*].spec.containers[?(@.ports)].name}")).isEqualTo("a a");
  }

  @Test
  void indexesSlicesUnionsAndQuotedOrEscapedNames() {
    assertThat(render("{.items[-1].metadata.name}")).isEqualTo("web-2");
    assertThat(render("{.items[0:1].metadata.name}")).isEqualTo("web-1");
    assertThat(render("{.items[0].spec.containers[0,1].name}")).isEqualTo("a b");
    assertThat(render("{.items[0].metadata.labels['app.kubernetes.io/name']}")).isEqualTo("web");
    assertThat(render("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}")).isEqualTo("web");
    assertThat(render("{..image}")).isEqualTo("tomcat sidecar tomcat:11");
  }

  @Test
  void objectsPrintAsCompactJsonAndMissingKeysPrintNothing() {
    assertThat(render("{.items[0].metadata.labels}")).isEqualTo("{\"app.kubernetes.io/name\":\"web\"}");
    assertThat(render("name={.items[5].metadata.name}.")).isEqualTo("name=.");
  }

  @Test
  void relaxedExpressionsAcceptTheFormsOfCustomColumns() {
    JsonNode pod = PODS.get("items").get(0);
    assertThat(JsonPath.expression("metadata.name").select(pod)).extracting(JsonNode::asString).containsExactly("web-1");
    assertThat(JsonPath.expression("{.spec.containers[*].name}").select(pod)).hasSize(2);
  }

  @Test
  void syntaxErrorsSayWhere() {
    assertThatThrownBy(() -> JsonPath.parse("{range .items[*]}{.x}")).isInstanceOf(JsonPathException.class)
        .hasMessageContaining("{end}");
    assertThatThrownBy(() -> JsonPath.parse("{.items[x]}")).hasMessageContaining("[x]");
  }
}
