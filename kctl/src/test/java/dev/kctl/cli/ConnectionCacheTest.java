package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.client.ConfigOverrides;
import dev.kctl.client.KubeConfig;
import dev.kctl.client.RequestLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionCacheTest {
  private final ConnectionCache cache = new ConnectionCache();

  @Test
  void theSameKubeconfigAndContextReuseTheConnection(@TempDir Path dir) throws IOException {
    KubeConfig.write(dir.resolve("config"), "ctx", "https://10.0.0.1:6443", "", "me", "token");
    Environment here = new Environment(Map.of("KUBECONFIG", "config"), dir);

    Connector.Connection first = cache.connect(here, null, null, RequestLog.NONE, ConfigOverrides.NONE);
    Connector.Connection second = cache.connect(here, dir.resolve("config").toString(), null, RequestLog.NONE,
        ConfigOverrides.NONE);
    first.client().close();
    Connector.Connection third = cache.connect(here, null, null, RequestLog.NONE, ConfigOverrides.NONE);

    assertThat(second.paths()).isSameAs(first.paths());
    assertThat(third.paths()).as("closing a command's client leaves the kept one open").isSameAs(first.paths());
  }

  @Test
  void aChangedKubeconfigOrOtherFlagsOrARequestLogGetANewOne(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("config");
    KubeConfig.write(config, "ctx", "https://10.0.0.1:6443", "", "me", "token");
    Environment here = new Environment(Map.of(), dir);
    Connector.Connection first = cache.connect(here, "config", null, RequestLog.NONE, ConfigOverrides.NONE);

    Connector.Connection logged = cache.connect(here, "config", null, exchange -> { }, ConfigOverrides.NONE);
    Connector.Connection otherServer = cache.connect(here, "config", null, RequestLog.NONE,
        new ConfigOverrides(null, null, "https://10.0.0.2:6443", null, false, ConfigOverrides.DEFAULT_REQUEST_TIMEOUT));
    KubeConfig.write(config, "ctx", "https://10.0.0.3:6443", "", "me", "a-longer-token");
    Connector.Connection rewritten = cache.connect(here, "config", null, RequestLog.NONE, ConfigOverrides.NONE);

    assertThat(logged.paths()).isNotSameAs(first.paths());
    assertThat(otherServer.server()).hasToString("https://10.0.0.2:6443");
    assertThat(rewritten.server()).hasToString("https://10.0.0.3:6443");
  }
}
