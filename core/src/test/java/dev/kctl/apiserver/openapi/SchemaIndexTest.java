package dev.kctl.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import dev.kctl.apiserver.openapi.FieldSchema.Kind;
import dev.kctl.codec.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaIndexTest {
  private static final SchemaIndex INDEX = SchemaIndex.load();

  @Test
  void everyServedKindHasASchemaWithTypeMetaAndMetadata() {
    for (ResourceType type : ResourceTypes.all()) {
      FieldSchema root = INDEX.field(type, List.of()).orElseThrow();

      assertThat(root.kind()).as(type.kind()).isEqualTo(Kind.OBJECT);
      assertThat(root.typeName()).isEqualTo(SchemaIndex.schemaName(type));
      assertThat(INDEX.field(type, List.of("apiVersion")).orElseThrow().kind()).isEqualTo(Kind.STRING);
      assertThat(INDEX.field(type, List.of("metadata", "name")).orElseThrow().kind()).isEqualTo(Kind.STRING);
    }
  }

  @Test
  void fieldWalksThroughListsAndIntoNestedTypes() {
    FieldSchema ports = INDEX.field(ResourceTypes.DEPLOYMENTS,
        List.of("spec", "template", "spec", "containers", "ports")).orElseThrow();

    assertThat(ports.kind()).isEqualTo(Kind.LIST);
    assertThat(ports.itemKind()).contains(Kind.OBJECT);
    assertThat(ports.typeName()).isEqualTo("io.k8s.api.core.v1.ContainerPort");
    assertThat(ports.patchStrategies()).containsExactly("merge");
    assertThat(ports.patchMergeKey()).isEqualTo("containerPort");
    assertThat(ports.listType()).isEqualTo("map");
    assertThat(ports.listMapKeys()).containsExactly("containerPort", "protocol");
    assertThat(INDEX.field(ResourceTypes.PODS, List.of("spec", "containers", "ports", "protocol")).orElseThrow()
        .defaultValue()).hasValueSatisfying(value -> assertThat(value.asString()).isEqualTo("TCP"));
  }

  @Test
  void fieldReportsScalarShapesAndFormats() {
    assertThat(INDEX.field(ResourceTypes.PODS, List.of("spec", "terminationGracePeriodSeconds")).orElseThrow())
        .satisfies(f -> {
          assertThat(f.kind()).isEqualTo(Kind.INTEGER);
          assertThat(f.format()).isEqualTo("int64");
        });
    assertThat(INDEX.field(ResourceTypes.PODS, List.of("metadata", "creationTimestamp")).orElseThrow())
        .satisfies(f -> {
          assertThat(f.kind()).isEqualTo(Kind.STRING);
          assertThat(f.format()).isEqualTo("date-time");
          assertThat(f.typeName()).isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        });
    assertThat(INDEX.field(ResourceTypes.SERVICES, List.of("spec", "ports", "targetPort")).orElseThrow().kind())
        .isEqualTo(Kind.INT_OR_STRING);
    assertThat(INDEX.field(ResourceTypes.PODS, List.of("spec", "containers", "resources", "limits", "cpu"))
        .orElseThrow().kind()).isEqualTo(Kind.QUANTITY);
    assertThat(INDEX.field(ResourceTypes.SECRETS, List.of("data")).orElseThrow().itemKind()).contains(Kind.STRING);
  }

  @Test
  void mapKeysAreFreeAndTheirValuesHaveTheMapsSchema() {
    FieldSchema label = INDEX.field(ResourceTypes.PODS, List.of("metadata", "labels", "app")).orElseThrow();

    assertThat(label.name()).isEqualTo("app");
    assertThat(label.kind()).isEqualTo(Kind.STRING);
    assertThat(INDEX.field(ResourceTypes.PODS, List.of("spec", "nodeSelector")).orElseThrow().mapType())
        .isEqualTo("atomic");
  }

  @Test
  void undefinedFieldsAndPathsBelowScalarsHaveNoSchema() {
    assertThat(INDEX.field(ResourceTypes.DEPLOYMENTS, List.of("spec", "replicass"))).isEmpty();
    assertThat(INDEX.field(ResourceTypes.DEPLOYMENTS, List.of("spec", "replicas", "value"))).isEmpty();
    assertThat(INDEX.field(ResourceTypes.NODES, List.of("spec", "configSource", "anything"))).isEmpty();
  }

  @Test
  void mergeKeysAreThoseOfKubernetes() {
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("spec", "containers"))).contains("name");
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("spec", "containers", "env"))).contains("name");
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("spec", "containers", "volumeMounts"))).contains("mountPath");
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("spec", "volumes"))).contains("name");
    assertThat(INDEX.mergeKey(ResourceTypes.SERVICES, List.of("spec", "ports"))).contains("port");
    assertThat(INDEX.mergeKey(ResourceTypes.NODES, List.of("status", "addresses"))).contains("type");
    assertThat(INDEX.mergeKey(ResourceTypes.DEPLOYMENTS, List.of("status", "conditions"))).contains("type");
    assertThat(INDEX.mergeKey(ResourceTypes.JOBS, List.of("status", "conditions"))).contains("type");
    assertThat(INDEX.mergeKey(ResourceTypes.CONFIGMAPS, List.of("metadata", "ownerReferences"))).contains("uid");
  }

  @Test
  void atomicListsScalarListsAndNonListsHaveNoMergeKey() {
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("spec", "tolerations"))).isEmpty();
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("spec", "containers", "args"))).isEmpty();
    assertThat(INDEX.mergeKey(ResourceTypes.ENDPOINTS, List.of("subsets"))).isEmpty();
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("metadata", "finalizers"))).isEmpty();
    assertThat(INDEX.field(ResourceTypes.PODS, List.of("metadata", "finalizers")).orElseThrow().patchStrategies())
        .containsExactly("merge");
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("spec"))).isEmpty();
    assertThat(INDEX.mergeKey(ResourceTypes.PODS, List.of("spec", "nope"))).isEmpty();
  }

  @Test
  void volumesAlsoRetainKeysAndDeploymentStrategyOnlyRetainsKeys() {
    assertThat(INDEX.field(ResourceTypes.PODS, List.of("spec", "volumes")).orElseThrow().patchStrategies())
        .containsExactly("merge", "retainKeys");
    assertThat(INDEX.field(ResourceTypes.DEPLOYMENTS, List.of("spec", "strategy")).orElseThrow().patchStrategies())
        .containsExactly("retainKeys");
  }

  @Test
  void unknownFieldsNamesMisspelledFieldsByTheirPath() {
    var deployment = Json.parseObject("""
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "labels": {"any-key": "x"}, "annotations": {"a/b": "c"}},
         "spec": {"replicass": 2, "selector": {"matchLabels": {"app": "web"}},
           "template": {"metadata": {"labels": {"app": "web"}},
             "spec": {"containers": [
               {"name": "web", "image": "tomcat", "env": [{"name": "A", "valu": "1"}]},
               {"name": "log", "imagee": "fluent", "resources": {"limits": {"cpu": "1"}}}]}}},
         "statuss": {}}""");

    assertThat(INDEX.unknownFields(ResourceTypes.DEPLOYMENTS, deployment)).containsExactly(
        "spec.replicass",
        "spec.template.spec.containers[0].env[0].valu",
        "spec.template.spec.containers[1].imagee",
        "statuss");
  }

  @Test
  void unknownFieldsAcceptsAFullPodAndSkipsFreeFormParts() {
    var pod = Json.parseObject("""
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "p", "namespace": "default", "uid": "u", "resourceVersion": "7",
           "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u2", "controller": true}],
           "managedFields": [{"manager": "kubectl", "fieldsV1": {"f:spec": {"f:anything": {}}}}]},
         "spec": {"nodeName": "n1", "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
           "nodeSelector": {"disk": "ssd"}, "schedulerName": "default-scheduler", "serviceAccountName": "default",
           "hostNetwork": true, "securityContext": {"runAsUser": 1000},
           "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
             {"nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]}}},
           "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}],
           "volumes": [{"name": "cfg", "configMap": {"name": "c", "items": [{"key": "a", "path": "a"}]}},
                       {"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}, {"name": "nfs", "nfs": {"server": "s", "path": "/"}},
                       {"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
                       {"name": "host", "hostPath": {"path": "/var", "type": "Directory"}},
                       {"name": "s", "secret": {"secretName": "s", "defaultMode": 420}}],
           "initContainers": [{"name": "init", "image": "busybox", "command": ["sh", "-c", "true"]}],
           "containers": [{"name": "web", "image": "tomcat", "args": ["run"], "workingDir": "/app",
             "env": [{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                     {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "s", "key": "pw"}}}],
             "envFrom": [{"configMapRef": {"name": "c"}, "prefix": "C_"}],
             "ports": [{"name": "http", "containerPort": 8080, "hostPort": 20001, "protocol": "TCP"}],
             "resources": {"requests": {"cpu": "100m", "memory": 128}},
             "volumeMounts": [{"name": "cfg", "mountPath": "/etc/cfg", "readOnly": true}],
             "readinessProbe": {"httpGet": {"path": "/", "port": "http"}, "periodSeconds": 5},
             "livenessProbe": {"tcpSocket": {"port": 8080}}, "startupProbe": {"exec": {"command": ["true"]}},
             "lifecycle": {"preStop": {"sleep": {"seconds": 5}}},
             "securityContext": {"capabilities": {"drop": ["ALL"]}, "readOnlyRootFilesystem": true}}]},
         "status": {"phase": "Running", "podIP": "10.0.0.1", "podIPs": [{"ip": "10.0.0.1"}], "hostIP": "10.0.0.1",
           "qosClass": "Burstable", "startTime": "2026-01-01T00:00:00Z",
           "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"}],
           "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0, "image": "tomcat", "imageID": "",
             "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}, "started": true}]}}""");

    assertThat(INDEX.unknownFields(ResourceTypes.PODS, pod)).isEmpty();
    assertThat(INDEX.wrongTypes(ResourceTypes.PODS, pod)).isEmpty();
  }

  @Test
  void wrongTypesNamesEachValueWhoseJsonTypeIsNotTheSchemas() {
    assertThat(INDEX.wrongTypes(ResourceTypes.DEPLOYMENTS, Json.parseObject("""
        {"metadata": {"labels": {"app": 7}}, "spec": {"replicas": "two", "paused": null,
         "template": {"spec": {"containers": [{"name": "c", "ports": [{"containerPort": "80"}],
           "resources": {"limits": {"cpu": 1, "memory": "1Gi"}}}], "hostNetwork": "yes"}}}}""")))
        .extracting(c -> c.field() + ": " + c.message())
        .containsExactly(
            "metadata.labels.app: expected a string, found 7",
            "spec.replicas: expected an integer, found the string \"two\"",
            "spec.template.spec.containers[0].ports[0].containerPort: expected an integer, found the string \"80\"",
            "spec.template.spec.hostNetwork: expected true or false, found the string \"yes\"");
  }

  @Test
  void unknownFieldsCoversTheOtherKinds() {
    assertThat(INDEX.unknownFields(ResourceTypes.SECRETS, Json.parseObject("""
        {"metadata": {"name": "s"}, "type": "Opaque", "stringData": {"a": "b"}, "data": {"c": "ZA=="},
         "immutable": true, "strinData": {}}"""))).containsExactly("strinData");
    assertThat(INDEX.unknownFields(ResourceTypes.SERVICES, Json.parseObject("""
        {"spec": {"type": "NodePort", "selector": {"app": "web"},
          "ports": [{"port": 80, "targetPort": "http", "nodePort": 30080, "protocl": "TCP"}]}}""")))
        .containsExactly("spec.ports[0].protocl");
    assertThat(INDEX.unknownFields(ResourceTypes.LEASES, Json.parseObject("""
        {"spec": {"holderIdentity": "a", "leaseDurationSeconds": 15, "renewTime": "2026-01-01T00:00:00.000000Z"}}""")))
        .isEmpty();
    assertThat(INDEX.unknownFields(ResourceTypes.ENDPOINTSLICES, Json.parseObject("""
        {"addressType": "IPv4", "endpoints": [{"addresses": ["10.0.0.1"], "conditions": {"ready": true}}],
         "ports": [{"port": 80, "name": "http"}], "spec": {}}"""))).containsExactly("spec");
    assertThat(INDEX.unknownFields(ResourceTypes.JOBS, Json.parseObject("""
        {"spec": {"completions": 3, "backoffLimit": 2, "template": {"spec": {"restartPolicy": "Never",
          "containers": [{"name": "c"}]}}}, "status": {"succeeded": 1, "conditions": [{"type": "Complete"}]}}""")))
        .isEmpty();
    assertThat(INDEX.unknownFields(ResourceTypes.EVENTS, Json.parseObject("""
        {"involvedObject": {"kind": "Pod", "name": "p"}, "reason": "Started", "count": 1,
         "source": {"component": "kletd"}, "spec": {}}"""))).containsExactly("spec");
  }

  @Test
  void valuesOfTheWrongShapeAreNotUnknownFields() {
    assertThat(INDEX.unknownFields(ResourceTypes.DEPLOYMENTS, Json.parseObject("""
        {"spec": {"replicas": {"oops": 1}, "template": "not an object", "selector": []}}"""))).isEmpty();
  }

  @Test
  void aTypeOutsideTheDataIsRefused() {
    ResourceType widgets = new ResourceType("example.com", "v1", "widgets", "Widget", true, List.of(), List.of());

    assertThatThrownBy(() -> INDEX.field(widgets, List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("io.k8s.api.example.v1.Widget");
    assertThat(SchemaIndex.load()).isSameAs(INDEX);
  }
}
