package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TabWriterTest {
  @Test
  void alignsConsecutiveLinesWithCellsInTheSameColumn() {
    String text = TabWriter.forDescribe().write("Name:\tweb\nNamespace:\tdefault\n").text();

    assertThat(text).isEqualTo("Name:       web\nNamespace:  default\n");
  }

  @Test
  void aLineWithoutTabsEndsTheBlocksAboveIt() {
    String text = TabWriter.forDescribe()
        .write("IPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\nContainers:\n  Port:\t80\n")
        .text();

    assertThat(text).isEqualTo("""
        IPs:
          IP:           10.0.0.1
        Controlled By:  ReplicaSet/web
        Containers:
          Port:  80
        """);
  }

  @Test
  void trailingSpacesCountAndTheLastCellIsNotPadded() {
    String text = TabWriter.forDescribe()
        .write("  Type\tStatus\tReason\n  ----\t------\t------\n  Available \tTrue\tMinimumReplicasAvailable\n")
        .text();

    assertThat(text).isEqualTo("""
          Type        Status  Reason
          ----        ------  ------
          Available   True    MinimumReplicasAvailable
        """);
  }

  @Test
  void flushStartsNewBlocks() {
    String text = new TabWriter(0, 2).write("a:\tx\n").flush().write("longer:\ty\n").text();

    assertThat(text).isEqualTo("a:  x\nlonger:  y\n");
  }
}
