package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ApiException;
import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end against an in-memory API (the real server is the e2e tests' job). */
class KctlTest {
  private static final String TOMCAT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: tomcat
      spec:
        replicas: 2
        template:
          spec:
            containers:
              - name: tomcat
                image: tomcat
      """;

  @TempDir Path dir;
  private final FakeClient client = new FakeClient();
  private String stdin = "";
  private Connector connector = (kubeconfig, context) -> new Connector.Connection(client, "default");

  record Result(int code, String out, String err) {}

  private Result kctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (Kctl kctl = new Kctl(connector, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)))) {
      int code = kctl.execute(args, new PrintWriter(out), new PrintWriter(err));
      return new Result(code, out.toString(), err.toString());
    }
  }

  private String file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  @Test
  void applyCreatesThenLeavesAloneThenConfigures() throws IOException {
    String tomcat = file("tomcat.yaml", TOMCAT);

    assertThat(kctl("apply", "-f", tomcat)).isEqualTo(new Result(0, "deployment.apps/tomcat created\n", ""));
    assertThat(kctl("apply", "-f", tomcat).out()).isEqualTo("deployment.apps/tomcat unchanged\n");
    assertThat(kctl("apply", "-f", tomcat, "-o", "name").out()).isEqualTo("deployment.apps/tomcat\n");
    assertThat(kctl("apply", "-f", tomcat, "-o", "wide").err()).contains("allowed formats are: name");
    file("tomcat.yaml", TOMCAT.replace("replicas: 2", "replicas: 3"));
    assertThat(kctl("apply", "-f", tomcat).out()).isEqualTo("deployment.apps/tomcat configured\n");

    assertThat(client.writes).containsExactly(
        "create deployments/default/tomcat", "update deployments/default/tomcat");
    assertThat(client.get(ResourceTypes.DEPLOYMENTS, "default", "tomcat").at("/spec/replicas").asInt())
        .isEqualTo(3);
  }

  @Test
  void createFromAFileCreatesEachObjectAndRefusesOnesThatExist() throws IOException {
    String tomcat = file("tomcat.yaml", TOMCAT);
    String settings = file("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");

    assertThat(kctl("create", "-f", tomcat)).isEqualTo(new Result(0, "deployment.apps/tomcat created\n", ""));
    Result again = kctl("create", "-f", tomcat, "-f", settings);

    assertThat(again.code()).isEqualTo(1);
    assertThat(again.out()).isEqualTo("configmap/settings created\n");
    assertThat(again.err()).contains("AlreadyExists").contains("(creating " + tomcat);
    assertThat(kctl("create", "-f", settings, "--dry-run=client", "-o", "name").out()).isEqualTo("configmap/settings\n");
    assertThat(client.writes).containsExactly("create deployments/default/tomcat", "create configmaps/default/settings");
  }

  @Test
  void applyChecksEveryDocumentBeforeChangingAnything() throws IOException {
    String manifests = file("two.yaml", TOMCAT + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  labels: {}\n");

    Result result = kctl("apply", "-f", manifests);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("error: " + manifests + ":13: object is missing metadata.name\n");
    assertThat(client.writes).isEmpty();
  }

  @Test
  void applyRefusesAnUnknownKindBeforeChangingAnything() throws IOException {
    String manifests = file("two.yaml", TOMCAT + "---\napiVersion: v1\nkind: Gadget\nmetadata: {name: g}\n");

    Result result = kctl("apply", "-f", manifests);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("no matches for kind \"Gadget\" in version \"v1\"");
    assertThat(client.writes).isEmpty();
  }

  @Test
  void applyPointsInvalidFieldsAtTheirLines() throws IOException {
    String bad = file("bad.yaml", TOMCAT.replace("replicas: 2", "replicas: -1"));
    client.invalid = List.of(new ApiException.Cause("FieldValueInvalid",
        "Invalid value: -1: must be greater than or equal to 0", "spec.replicas"));

    Result result = kctl("apply", "-f", bad);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("The Deployment \"tomcat\" is invalid:\n"
        + bad + ":6: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n");
  }

  @Test
  void applyUsesTheNamespaceFlagGivenAfterTheVerbAndReadsStdin() {
    stdin = TOMCAT;

    Result result = kctl("apply", "-f", "-", "-n", "shop");

    assertThat(result.code()).isZero();
    assertThat(client.writes).containsExactly("create deployments/shop/tomcat");
  }

  @Test
  void applyRefusesAnObjectOfAnotherNamespaceThanTheFlag() throws IOException {
    String other = file("other.yaml", TOMCAT.replace("  name: tomcat", "  name: tomcat\n  namespace: web"));

    Result result = kctl("-n", "shop", "apply", "-f", other);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("the namespace from the provided object \"web\"")
        .contains("--namespace=web");
    assertThat(client.writes).isEmpty();
  }

  @Test
  void getPrintsTheServersTable() throws IOException {
    kctl("apply", "-f", file("tomcat.yaml", TOMCAT));

    assertThat(kctl("get", "deployments").out()).isEqualTo("NAME\ntomcat\n");
    assertThat(kctl("get", "deploy", "-o", "wide").out()).isEqualTo("NAME     IMAGE\ntomcat   tomcat\n");
    assertThat(kctl("get", "deploy", "-A").out())
        .isEqualTo("NAMESPACE   NAME\ndefault     tomcat\n");
    assertThat(kctl("get", "deploy,pods").out()).isEqualTo("NAME\ndeployment.apps/tomcat\n");
  }

  @Test
  void getSaysWhenThereIsNothingOnStderr() {
    Result result = kctl("get", "pods");

    assertThat(result).isEqualTo(new Result(0, "", "No resources found in default namespace.\n"));
    assertThat(kctl("get", "nodes").err()).isEqualTo("No resources found\n");
  }

  @Test
  void getReportsAMissingNameAndExitsWithOne() {
    Result result = kctl("get", "deployment", "nope");

    assertThat(result).isEqualTo(new Result(1, "",
        "Error from server (NotFound): deployments.apps \"nope\" not found\n"));
  }

  @Test
  void getPrintsObjectsAsYamlJsonAndNames() throws IOException {
    kctl("apply", "-f", file("tomcat.yaml", TOMCAT));

    assertThat(kctl("get", "deploy", "tomcat", "-o", "yaml").out())
        .startsWith("apiVersion: apps/v1\nkind: Deployment\n").contains("  name: tomcat\n")
        .contains("  resourceVersion: \"101\"\n");
    assertThat(kctl("get", "deploy", "-o", "yaml").out())
        .startsWith("apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n")
        .contains("kind: List\n");
    assertThat(Json.parseObject(kctl("get", "deploy/tomcat", "-o", "json").out()).at("/spec/replicas").asInt())
        .isEqualTo(2);
    assertThat(kctl("get", "deploy/tomcat", "-o", "json").out()).contains("    \"kind\": \"Deployment\",\n");
    assertThat(kctl("get", "deployments", "-o", "name").out()).isEqualTo("deployment.apps/tomcat\n");
  }

  @Test
  void getRefusesAnUnknownType() {
    assertThat(kctl("get", "gadgets")).isEqualTo(new Result(1, "",
        "error: the server doesn't have a resource type \"gadgets\"\n"));
  }

  @Test
  void deleteDeletesByNameAndByFile() throws IOException {
    String tomcat = file("tomcat.yaml", TOMCAT);
    kctl("apply", "-f", tomcat);

    assertThat(kctl("delete", "deploy", "tomcat")).isEqualTo(new Result(0, "deployment.apps \"tomcat\" deleted\n", ""));
    kctl("apply", "-f", tomcat);
    assertThat(kctl("delete", "-f", tomcat).out()).isEqualTo("deployment.apps \"tomcat\" deleted\n");
    assertThat(client.objects).isEmpty();
  }

  @Test
  void deleteOfAMissingObjectIsAnErrorUnlessIgnored() {
    assertThat(kctl("delete", "deployment", "x")).isEqualTo(new Result(1, "",
        "Error from server (NotFound): deployments.apps \"x\" not found\n"));
    assertThat(kctl("delete", "deployment", "x", "--ignore-not-found")).isEqualTo(new Result(0, "", ""));
  }

  @Test
  void logsCopiesTheContainersLog() {
    client.put(ResourceTypes.PODS, Json.parseObject("{\"metadata\": {\"name\": \"web-1\", \"namespace\": \"default\"}}"));
    client.log = "tomcat listening on 127.0.0.1:20001\n";

    Result result = kctl("logs", "pod/web-1", "-c", "tomcat", "--tail", "5");

    assertThat(result).isEqualTo(new Result(0, "tomcat listening on 127.0.0.1:20001\n", ""));
    assertThat(client.lastLogOptions).isEqualTo(new dev.kctl.client.LogOptions("tomcat", false, 5, false));
  }

  @Test
  void anUnreachableServerIsOneLineAndTheStackTraceNeedsVerbose() {
    connector = (kubeconfig, context) -> {
      throw new UncheckedIOException("cannot reach the API server at https://127.0.0.1:1: Connection"
          + " refused; is kctld running?", new ConnectException("Connection refused"));
    };

    Result quiet = kctl("get", "pods");
    Result verbose = kctl("get", "pods", "-v");

    assertThat(quiet).isEqualTo(new Result(1, "", "error: cannot reach the API server at"
        + " https://127.0.0.1:1: Connection refused; is kctld running?\n"));
    assertThat(verbose.err()).contains("java.io.UncheckedIOException").contains("at dev.kctl.cli.");
  }

  @Test
  void aMistypedCommandLineIsAUsageErrorWithCodeTwo() {
    Result result = kctl("get");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("Missing required parameter");
  }
}
