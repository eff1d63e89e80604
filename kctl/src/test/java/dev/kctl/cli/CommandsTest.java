package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.WatchEvent;
import dev.kctl.codec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The commands besides get, describe, apply, delete and logs, against the fake API. */
class CommandsTest {
  private final CliRun cli = new CliRun();
  @TempDir Path dir;

  private ObjectNode deployment(int replicas, int updated, int available, String image) {
    ObjectNode d = Json.parseObject("""
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "namespace": "default", "uid": "d1", "generation": 2, "labels": {"app": "web"},
                      "annotations": {"deployment.kubernetes.io/revision": "2"}},
         "spec": {"replicas": %d, "selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "web", "image": "%s"}]}}},
         "status": {"observedGeneration": 2, "replicas": %d, "updatedReplicas": %d, "availableReplicas": %d}}"""
        .formatted(replicas, image, replicas, updated, available));
    cli.client.put(ResourceTypes.DEPLOYMENTS, d);
    return d;
  }

  private void replicaSet(int revision, String image, String cause) {
    cli.client.put(ResourceTypes.REPLICASETS, Json.parseObject("""
        {"metadata": {"name": "web-%d", "namespace": "default", "labels": {"app": "web", "pod-template-hash": "h%d"},
                      "annotations": {"deployment.kubernetes.io/revision": "%d", "kubernetes.io/change-cause": "%s"},
                      "ownerReferences": [{"kind": "Deployment", "name": "web", "uid": "d1", "controller": true}]},
         "spec": {"replicas": 1, "template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "h%d"}},
                                              "spec": {"containers": [{"name": "web", "image": "%s"}]}}}}"""
        .formatted(revision, revision, revision, cause, revision, image)));
  }

  @Test
  void scalePatchesTheScaleSubresource() {
    deployment(1, 1, 1, "tomcat");

    assertThat(cli.kctl("scale", "deploy/web", "--replicas=3").out()).isEqualTo("deployment.apps/web scaled\n");
    assertThat(cli.client.patches).containsExactly("MERGE deployments/default/web/scale {\"spec\":{\"replicas\":3}}");
    assertThat(cli.kctl("scale", "deploy", "web", "--replicas=2", "--current-replicas=5").err())
        .isEqualTo("error: Expected replicas to be 5, was 3\n");
  }

  @Test
  void rolloutRestartPauseAndResumeAsKubectl() {
    deployment(1, 1, 1, "tomcat");

    assertThat(cli.kctl("rollout", "restart", "deployment/web").out()).isEqualTo("deployment.apps/web restarted\n");
    assertThat(cli.client.get(ResourceTypes.DEPLOYMENTS, "default", "web")
        .at("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt").asString()).startsWith("2025-01-01T");
    assertThat(cli.kctl("rollout", "pause", "deployment/web").out()).isEqualTo("deployment.apps/web paused\n");
    assertThat(cli.kctl("rollout", "restart", "deployment/web").err())
        .isEqualTo("error: can't restart paused deployment (run rollout resume first)\n");
    assertThat(cli.kctl("rollout", "resume", "deployment", "web").out()).isEqualTo("deployment.apps/web resumed\n");
    assertThat(cli.kctl("rollout", "resume", "deployment", "web").err())
        .isEqualTo("error: deployments.apps \"web\" is not paused\n");
  }

  @Test
  void rolloutHistoryListsRevisionsAndUndoRestoresThePreviousTemplate() {
    deployment(1, 1, 1, "tomcat:11");
    replicaSet(2, "tomcat:11", "upgrade");
    replicaSet(1, "tomcat:10", "first");

    assertThat(cli.kctl("rollout", "history", "deploy/web").out()).isEqualTo("""
        deployment.apps/web\s
        REVISION  CHANGE-CAUSE
        1         first
        2         upgrade

        """);
    assertThat(cli.kctl("rollout", "undo", "deploy/web").out()).isEqualTo("deployment.apps/web rolled back\n");
    ObjectNode rolledBack = cli.client.get(ResourceTypes.DEPLOYMENTS, "default", "web");
    assertThat(rolledBack.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("tomcat:10");
    assertThat(rolledBack.at("/spec/template/metadata/labels").has("pod-template-hash")).isFalse();
    assertThat(rolledBack.at("/metadata/annotations/kubernetes.io~1change-cause").asString()).isEqualTo("first");
    assertThat(cli.kctl("rollout", "undo", "deploy/web", "--to-revision=1").out())
        .isEqualTo("deployment.apps/web skipped rollback (current template already matches revision 1)\n");
  }

  @Test
  void rolloutStatusFollowsTheDeploymentUntilItIsAvailable() throws Exception {
    ObjectNode progressing = deployment(2, 1, 1, "tomcat");
    CompletableFuture<CliRun.Result> run = CompletableFuture.supplyAsync(() -> cli.kctl("rollout", "status", "deploy/web"));
    assertThat(cli.client.watchOpened.await(10, TimeUnit.SECONDS)).isTrue();

    ObjectNode updated = progressing.deepCopy();
    ((ObjectNode) updated.get("status")).put("updatedReplicas", 2);
    cli.client.watchers.getFirst().onEvent(new WatchEvent(WatchEvent.Type.MODIFIED, updated));
    ObjectNode done = updated.deepCopy();
    ((ObjectNode) done.get("status")).put("availableReplicas", 2);
    cli.client.watchers.getFirst().onEvent(new WatchEvent(WatchEvent.Type.MODIFIED, done));

    assertThat(run.get(10, TimeUnit.SECONDS).out()).isEqualTo("""
        Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...
        Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...
        deployment "web" successfully rolled out
        """);
  }

  @Test
  void createBuildsKubectlsObjects() {
    assertThat(cli.kctl("create", "deployment", "web", "--image=registry/tomcat:11", "--replicas=2", "--port=8080",
        "--dry-run=client", "-o", "yaml").out()).isEqualTo("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          strategy: {}
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - image: registry/tomcat:11
                name: tomcat
                ports:
                - containerPort: 8080
                resources: {}
        status: {}
        """);
    assertThat(cli.client.writes).isEmpty();

    assertThat(cli.kctl("create", "configmap", "settings", "--from-literal=mode=demo").out())
        .isEqualTo("configmap/settings created\n");
    assertThat(cli.client.get(ResourceTypes.CONFIGMAPS, "default", "settings").at("/data/mode").asString()).isEqualTo("demo");
    assertThat(cli.kctl("create", "secret", "generic", "db", "--from-literal=password=s3cret").out())
        .isEqualTo("secret/db created\n");
    assertThat(cli.client.get(ResourceTypes.SECRETS, "default", "db").at("/data/password").asString()).isEqualTo("czNjcmV0");
    assertThat(cli.kctl("create", "namespace", "shop").out()).isEqualTo("namespace/shop created\n");
    assertThat(cli.kctl("create", "job", "once", "--image=busybox", "--", "echo", "hi").out()).isEqualTo("job.batch/once created\n");
    assertThat(cli.client.get(ResourceTypes.JOBS, "default", "once").at("/spec/template/spec/containers/0/command").toString())
        .isEqualTo("[\"echo\",\"hi\"]");
  }

  @Test
  void labelNeedsOverwriteToChangeAValueAndRemovesWithADash() {
    deployment(1, 1, 1, "tomcat");

    assertThat(cli.kctl("label", "deploy", "web", "app=shop").err())
        .isEqualTo("error: 'app' already has a value (web), and --overwrite is false\n");
    assertThat(cli.kctl("label", "deploy", "web", "app=shop", "--overwrite", "tier=front").out())
        .isEqualTo("deployment.apps/web labeled\n");
    assertThat(cli.kctl("label", "deploy/web", "tier-").out()).isEqualTo("deployment.apps/web unlabeled\n");
    assertThat(cli.kctl("label", "deploy/web", "app=shop").out()).isEqualTo("deployment.apps/web not labeled\n");
    assertThat(cli.client.get(ResourceTypes.DEPLOYMENTS, "default", "web").at("/metadata/labels").toString())
        .isEqualTo("{\"app\":\"shop\"}");
    assertThat(cli.kctl("annotate", "deploy/web", "team=blue").out()).isEqualTo("deployment.apps/web annotated\n");
  }

  @Test
  void patchSendsTheGivenTypeAndSaysWhenNothingChanged() {
    deployment(1, 1, 1, "tomcat");

    assertThat(cli.kctl("patch", "deploy", "web", "--type", "merge", "-p", "{\"spec\":{\"replicas\":4}}").out())
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(cli.client.get(ResourceTypes.DEPLOYMENTS, "default", "web").at("/spec/replicas").asInt()).isEqualTo(4);
    assertThat(cli.kctl("patch", "deploy/web", "--type=json", "-p", "[{op: replace, path: /spec/replicas, value: 5}]").out())
        .isEqualTo("deployment.apps/web patched\n");
    assertThat(cli.client.patches.getLast()).startsWith("JSON deployments/default/web ");
  }

  @Test
  void editSendsWhatTheEditorChanged() {
    deployment(2, 2, 2, "tomcat");
    cli.environment.put("KUBE_EDITOR", "sed -i -e 's/replicas: 2/replicas: 7/'");

    assertThat(cli.kctl("edit", "deploy/web").out()).isEqualTo("deployment.apps/web edited\n");
    assertThat(cli.client.get(ResourceTypes.DEPLOYMENTS, "default", "web").at("/spec/replicas").asInt()).isEqualTo(7);

    cli.environment.put("KUBE_EDITOR", "true");
    assertThat(cli.kctl("edit", "deploy/web").out()).isEqualTo("Edit cancelled, no changes made.\n");
  }

  @Test
  void waitReturnsWhenTheConditionHoldsAndTimesOutOtherwise() throws Exception {
    cli.client.put(ResourceTypes.PODS, Json.parseObject("""
        {"metadata": {"name": "web-1", "namespace": "default"},
         "status": {"conditions": [{"type": "Ready", "status": "False"}]}}"""));
    CompletableFuture<CliRun.Result> run = CompletableFuture.supplyAsync(
        () -> cli.kctl("wait", "pod/web-1", "--for=condition=Ready", "--timeout=20s"));
    assertThat(cli.client.watchOpened.await(10, TimeUnit.SECONDS)).isTrue();
    cli.client.watchers.getFirst().onEvent(new WatchEvent(WatchEvent.Type.MODIFIED, Json.parseObject("""
        {"metadata": {"name": "web-1", "namespace": "default"},
         "status": {"conditions": [{"type": "Ready", "status": "True"}]}}""")));

    assertThat(run.get(10, TimeUnit.SECONDS).out()).isEqualTo("pod/web-1 condition met\n");
    assertThat(cli.kctl("wait", "pod/web-1", "--for=jsonpath={.status.conditions[0].status}=True", "--timeout=0"))
        .isEqualTo(new CliRun.Result(1, "", "error: timed out waiting for the condition on pods/web-1\n"));
    assertThat(cli.kctl("wait", "pod/gone", "--for=delete").out()).isEqualTo("pod/gone condition met\n");
  }

  @Test
  void eventsListsTheNamespacesEventsOldestFirst() {
    cli.client.put(ResourceTypes.EVENTS, Json.parseObject("""
        {"metadata": {"name": "b", "namespace": "default"}, "type": "Normal", "reason": "Started",
         "involvedObject": {"kind": "Pod", "name": "web-1"}, "message": "Started container web",
         "count": 3, "firstTimestamp": "2025-01-01T00:01:00Z", "lastTimestamp": "2025-01-01T00:04:00Z"}"""));
    cli.client.put(ResourceTypes.EVENTS, Json.parseObject("""
        {"metadata": {"name": "a", "namespace": "default"}, "type": "Normal", "reason": "Scheduled",
         "involvedObject": {"kind": "Pod", "name": "web-1"}, "message": "Successfully assigned default/web-1 to n1",
         "count": 1, "firstTimestamp": "2025-01-01T00:00:00Z", "lastTimestamp": "2025-01-01T00:00:00Z"}"""));

    assertThat(cli.kctl("events").out()).isEqualTo("""
        LAST SEEN          TYPE     REASON      OBJECT      MESSAGE
        5m                 Normal   Scheduled   pod/web-1   Successfully assigned default/web-1 to n1
        60s (x3 over 4m)   Normal   Started     pod/web-1   Started container web
        """);
  }

  @Test
  void configCommandsReadAndChangeTheKubeconfig() throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("config"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kctl
          cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: QUJD}
        users:
        - name: admin
          user: {token: secret}
        contexts:
        - name: kctl
          context: {cluster: kctl, user: admin, namespace: default}
        current-context: kctl
        """);
    String file = kubeconfig.toString();

    assertThat(cli.kctl("--kubeconfig", file, "config", "current-context").out()).isEqualTo("kctl\n");
    assertThat(cli.kctl("config", "set-context", "--current", "--namespace=shop", "--kubeconfig", file).out())
        .isEqualTo("Context \"kctl\" modified.\n");
    assertThat(cli.kctl("config", "get-contexts", "--kubeconfig", file).out()).isEqualTo("""
        CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE
        *         kctl   kctl      admin      shop
        """);
    assertThat(cli.kctl("config", "view", "--kubeconfig", file).out())
        .contains("certificate-authority-data: DATA+OMITTED").contains("token: REDACTED").doesNotContain("secret");
    assertThat(cli.kctl("config", "use-context", "other", "--kubeconfig", file).err())
        .isEqualTo("error: no context exists with the name: \"other\"\n");
  }

  @Test
  void discoveryCommandsReadTheServersDocuments() {
    cli.paths.put("/api", "{\"versions\": [\"v1\"]}");
    cli.paths.put("/api/v1", """
        {"resources": [{"name": "pods", "namespaced": true, "kind": "Pod", "shortNames": ["po"], "verbs": ["get"]},
                       {"name": "pods/log", "namespaced": true, "kind": "Pod"},
                       {"name": "nodes", "namespaced": false, "kind": "Node", "shortNames": ["no"]}]}""");
    cli.paths.put("/apis", """
        {"groups": [{"name": "apps", "versions": [{"groupVersion": "apps/v1"}],
                     "preferredVersion": {"groupVersion": "apps/v1"}}]}""");
    cli.paths.put("/apis/apps/v1", """
        {"resources": [{"name": "deployments", "namespaced": true, "kind": "Deployment", "shortNames": ["deploy"]}]}""");
    cli.paths.put("/version", "{\"gitVersion\": \"v1.32.0-kctl\"}");

    assertThat(cli.kctl("api-resources").out()).isEqualTo("""
        NAME          SHORTNAMES   APIVERSION   NAMESPACED   KIND
        pods          po           v1           true         Pod
        nodes         no           v1           false        Node
        deployments   deploy       apps/v1      true         Deployment
        """);
    assertThat(cli.kctl("api-versions").out()).isEqualTo("apps/v1\nv1\n");
    assertThat(cli.kctl("version").out()).isEqualTo("Client Version: development\nServer Version: v1.32.0-kctl\n");
    assertThat(cli.kctl("cluster-info").out()).startsWith("Kubernetes control plane is running at https://127.0.0.1:6443\n");
  }

  @Test
  void explainReadsTheOpenApiDocumentOfTheKindsGroupVersion() {
    cli.paths.put("/openapi/v3", "{\"paths\": {\"api/v1\": {\"serverRelativeURL\": \"/openapi/v3/api/v1?hash=1\"}}}");
    cli.paths.put("/openapi/v3/api/v1?hash=1", """
        {"components": {"schemas": {
          "io.k8s.api.core.v1.Pod": {"description": "Pod is a group of containers.",
            "x-kubernetes-group-version-kind": [{"group": "", "version": "v1", "kind": "Pod"}],
            "properties": {"spec": {"description": "What the pod runs.",
                                    "allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}]}}},
          "io.k8s.api.core.v1.PodSpec": {"description": "PodSpec describes a pod.", "required": ["containers"],
            "properties": {"containers": {"type": "array", "description": "The containers.",
                                          "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Container"}]}},
                           "nodeSelector": {"type": "object", "description": "Labels nodes must have.",
                                            "additionalProperties": {"type": "string"}}}},
          "io.k8s.api.core.v1.Container": {"properties": {"image": {"type": "string", "description": "The image."}}}}}}""");

    assertThat(cli.kctl("explain", "pods.spec").out()).isEqualTo("""
        KIND:       Pod
        VERSION:    v1

        FIELD: spec <PodSpec>

        DESCRIPTION:
            What the pod runs.
           \s
        FIELDS:
          containers\t<[]Container> -required-
            The containers.

          nodeSelector\t<map[string]string>
            Labels nodes must have.

        """);
    assertThat(cli.kctl("explain", "po", "--recursive").out()).contains("FIELDS:\n  spec\t<PodSpec>\n    containers\t<[]Container> -required-\n      image\t<string>\n");
  }

  @Test
  void versionOfTheClientNeedsNoServer() {
    assertThat(cli.kctl("version", "--client")).isEqualTo(new CliRun.Result(0, "Client Version: development\n", ""));
  }
}
