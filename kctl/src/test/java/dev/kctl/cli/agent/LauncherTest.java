package dev.kctl.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LauncherTest {
  @Test
  void commandsThatOwnTheTerminalRunInTheLaunchersOwnProcess() {
    assertThat(Launcher.runsHere(new String[] {})).isTrue();
    assertThat(Launcher.runsHere(new String[] {"--kubeconfig", "config"})).isTrue();
    assertThat(Launcher.runsHere(new String[] {"repl"})).isTrue();
    assertThat(Launcher.runsHere(new String[] {"-n", "shop", "edit", "deploy/web"})).isTrue();
    assertThat(Launcher.runsHere(new String[] {"exec", "-it", "web", "--", "sh"})).isTrue();
    assertThat(Launcher.runsHere(new String[] {"exec", "web", "-i", "--", "cat"})).isTrue();
    assertThat(Launcher.runsHere(new String[] {"exec", "--tty", "web", "--", "sh"})).isTrue();
  }

  @Test
  void everythingElseGoesToTheAgent() {
    assertThat(Launcher.runsHere(new String[] {"get", "pods", "-w"})).isFalse();
    assertThat(Launcher.runsHere(new String[] {"--namespace", "repl", "get", "pods"})).isFalse();
    assertThat(Launcher.runsHere(new String[] {"exec", "web", "--", "ls", "-lt"})).isFalse();
    assertThat(Launcher.runsHere(new String[] {"exec", "web", "-c", "tomcat", "--", "cat", "/etc/hosts"})).isFalse();
    assertThat(Launcher.runsHere(new String[] {"logs", "-f", "web"})).isFalse();
    assertThat(Launcher.runsHere(new String[] {"port-forward", "web", "8080:80"})).isFalse();
  }
}
