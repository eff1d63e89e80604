package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.DeleteOptions;
import dev.kctl.codec.Json;
import org.junit.jupiter.api.Test;

/** delete's --cascade, --grace-period, --now, --force, --all and -l against the fake API. */
class DeleteFlagsTest {
  private final CliRun cli = new CliRun();

  private void pod(String name, String app) {
    cli.client.put(ResourceTypes.PODS, Json.parseObject(
        "{\"metadata\": {\"name\": \"%s\", \"namespace\": \"default\", \"labels\": {\"app\": \"%s\"}}}".formatted(name, app)));
  }

  @Test
  void cascadeChoosesThePropagationPolicy() {
    pod("a", "x");
    pod("b", "x");
    pod("c", "x");

    cli.kctl("delete", "pod", "a", "--cascade=orphan");
    cli.kctl("delete", "pod", "b", "--cascade=foreground");
    cli.kctl("delete", "pod", "c");

    assertThat(cli.client.deleteOptions).extracting(DeleteOptions::propagationPolicy)
        .containsExactly("Orphan", "Foreground", "Background");
  }

  @Test
  void gracePeriodNowAndForceSetTheGracePeriodAsKubectlDoes() {
    for (String name : new String[] {"a", "b", "c", "d"}) {
      pod(name, "x");
    }

    cli.kctl("delete", "pod", "a", "--grace-period=30");
    cli.kctl("delete", "pod", "b", "--now");
    cli.kctl("delete", "pod", "c", "--grace-period=0");
    CliRun.Result forced = cli.kctl("delete", "pod", "d", "--grace-period=0", "--force");

    assertThat(cli.client.deleteOptions).extracting(DeleteOptions::gracePeriodSeconds).containsExactly(30L, 1L, 1L, 0L);
    assertThat(forced.err()).startsWith("Warning: Immediate deletion does not wait for confirmation");
    assertThat(forced.out()).isEqualTo("pod \"d\" deleted\n");
  }

  @Test
  void deletesBySelectorOrAllAndSaysWhenThereIsNothing() {
    pod("a", "x");
    pod("b", "y");
    pod("c", "y");

    assertThat(cli.kctl("delete", "pods", "-l", "app=y").out()).isEqualTo("pod \"b\" deleted\npod \"c\" deleted\n");
    assertThat(cli.kctl("delete", "pods", "--all").out()).isEqualTo("pod \"a\" deleted\n");
    assertThat(cli.kctl("delete", "pods", "--all").out()).isEqualTo("No resources found\n");
  }

  @Test
  void rejectsAnUnknownCascadeAndNowWithAGracePeriod() {
    pod("a", "x");

    assertThat(cli.kctl("delete", "pod", "a", "--cascade=sideways").err())
        .isEqualTo("error: invalid cascade value (sideways). Must be \"background\", \"foreground\", or \"orphan\".\n");
    assertThat(cli.kctl("delete", "pod", "a", "--now", "--grace-period=5").err())
        .isEqualTo("error: --now and --grace-period cannot be specified together\n");
    assertThat(cli.client.objects).containsKey("pods/default/a");
  }
}
