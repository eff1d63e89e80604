package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class TableViewTest {
  private static final ObjectNode DEPLOYMENTS = Json.parseObject("""
      {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
       "columnDefinitions": [
         {"name": "Name", "type": "string", "format": "name", "priority": 0},
         {"name": "Ready", "type": "string", "format": "", "priority": 0},
         {"name": "Up-to-date", "type": "integer", "format": "", "priority": 0},
         {"name": "Age", "type": "string", "format": "", "priority": 0},
         {"name": "Containers", "type": "string", "format": "", "priority": 1}],
       "rows": [
         {"cells": ["tomcat", "2/2", 2, "5m", "tomcat"],
          "object": {"metadata": {"name": "tomcat", "namespace": "default"}}},
         {"cells": ["a", "0/1", 0, "12s", null],
          "object": {"metadata": {"name": "a", "namespace": "shop"}}}]}
      """);

  @Test
  void padsEachColumnToItsWidestCellPlusThreeSpacesAndLeavesTheLastUnpadded() {
    TableView view = TableView.of(DEPLOYMENTS, false, false, "");

    assertThat(view.lines()).containsExactly(
        "NAME     READY   UP-TO-DATE   AGE",
        "tomcat   2/2     2            5m",
        "a        0/1     0            12s");
  }

  @Test
  void givesNarrowColumnsAtLeastSixCharacters() {
    TableView view = new TableView(
        java.util.List.of("A", "B", "C"),
        java.util.List.of(java.util.List.of("x", "y", "z")));

    assertThat(view.lines()).containsExactly("A     B     C", "x     y     z");
  }

  @Test
  void showsPriorityColumnsOnlyWhenWide() {
    assertThat(TableView.of(DEPLOYMENTS, true, false, "").lines()).containsExactly(
        "NAME     READY   UP-TO-DATE   AGE   CONTAINERS",
        "tomcat   2/2     2            5m    tomcat",
        "a        0/1     0            12s   <none>");
  }

  @Test
  void putsTheNamespaceFirstAndPrefixesNamesWithTheirType() {
    assertThat(TableView.of(DEPLOYMENTS, false, true, "deployment.apps/").lines()).containsExactly(
        "NAMESPACE   NAME                     READY   UP-TO-DATE   AGE",
        "default     deployment.apps/tomcat   2/2     2            5m",
        "shop        deployment.apps/a        0/1     0            12s");
  }

  @Test
  void appendsRowsOfTablesWithTheSameColumns() {
    TableView one = TableView.of(DEPLOYMENTS, false, false, "");

    assertThat(one.plus(one).rows()).hasSize(4);
    assertThat(TableView.of(Json.parseObject("{\"columnDefinitions\": [], \"rows\": []}"), false, false, "")
        .isEmpty()).isTrue();
  }
}
