package dev.kctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.api.ResourceTypes;
import dev.kctl.codec.Json;
import org.junit.jupiter.api.Test;

class DescribeCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void describesAPodInKubectlsLayoutWithItsEvents() {
    cli.client.put(ResourceTypes.PODS, Json.parseObject("""
        {"metadata": {"name": "web-1", "namespace": "default", "uid": "u1", "labels": {"app": "web"},
                      "ownerReferences": [{"kind": "ReplicaSet", "name": "web-abc", "uid": "rs1", "controller": true}]},
         "spec": {"nodeName": "node-1", "priority": 0, "serviceAccountName": "default",
                  "containers": [{"name": "web", "image": "tomcat",
                                  "ports": [{"containerPort": 8080, "hostPort": 20001, "protocol": "TCP"}],
                                  "env": [{"name": "MODE", "value": "demo"}]}]},
         "status": {"phase": "Running", "hostIP": "127.0.0.1", "podIP": "127.0.0.1", "podIPs": [{"ip": "127.0.0.1"}],
                    "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0, "containerID": "kctl://9",
                                           "imageID": "", "state": {"running": {"startedAt": "2025-01-01T00:00:02Z"}}}],
                    "conditions": [{"type": "Ready", "status": "True"}], "qosClass": "BestEffort"}}"""));
    cli.client.put(ResourceTypes.EVENTS, Json.parseObject("""
        {"metadata": {"name": "web-1.1", "namespace": "default"},
         "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "default", "uid": "u1"},
         "type": "Normal", "reason": "Scheduled", "message": "Successfully assigned default/web-1 to node-1",
         "source": {"component": "default-scheduler"}, "count": 1,
         "firstTimestamp": "2025-01-01T00:00:00Z", "lastTimestamp": "2025-01-01T00:00:00Z"}"""));

    CliRun.Result result = cli.kctl("describe", "pod", "web");

    assertThat(result.code()).isZero();
    assertThat(result.out()).isEqualTo("""
        Name:             web-1
        Namespace:        default
        Priority:         0
        Service Account:  default
        Node:             node-1/127.0.0.1
        Labels:           app=web
        Annotations:      <none>
        Status:           Running
        IP:               127.0.0.1
        IPs:
          IP:           127.0.0.1
        Controlled By:  ReplicaSet/web-abc
        Containers:
          web:
            Container ID:   kctl://9
            Image:          tomcat
            Image ID:      \s
            Port:           8080/TCP
            Host Port:      20001/TCP
            State:          Running
              Started:      %s
            Ready:          True
            Restart Count:  0
            Environment:
              MODE:  demo
            Mounts:  <none>
        Conditions:
          Type           Status
          Ready          True\s
        Volumes:         <none>
        QoS Class:       BestEffort
        Node-Selectors:  <none>
        Tolerations:     <none>
        Events:
          Type    Reason     Age   From               Message
          ----    ------     ----  ----               -------
          Normal  Scheduled  5m    default-scheduler  Successfully assigned default/web-1 to node-1
        """.formatted(Ages.rfc1123("2025-01-01T00:00:02Z")));
  }

  @Test
  void describesAConfigMapAndSaysWhenThereAreNoEvents() {
    cli.client.put(ResourceTypes.CONFIGMAPS, Json.parseObject("""
        {"metadata": {"name": "settings", "namespace": "default", "uid": "c1"}, "data": {"mode": "demo"}}"""));

    assertThat(cli.kctl("describe", "cm/settings").out()).isEqualTo("""
        Name:         settings
        Namespace:    default
        Labels:       <none>
        Annotations:  <none>

        Data
        ====
        mode:
        ----
        demo


        BinaryData
        ====

        Events:  <none>
        """);
  }

  @Test
  void describesADeploymentWithItsReplicaSets() {
    cli.client.put(ResourceTypes.DEPLOYMENTS, Json.parseObject("""
        {"metadata": {"name": "web", "namespace": "default", "uid": "d1",
                      "annotations": {"deployment.kubernetes.io/revision": "2"}},
         "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                  "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "web", "image": "tomcat"}]}}},
         "status": {"replicas": 2, "updatedReplicas": 2, "availableReplicas": 2,
                    "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"}]}}"""));
    for (String revision : new String[] {"1", "2"}) {
      cli.client.put(ResourceTypes.REPLICASETS, Json.parseObject("""
          {"metadata": {"name": "web-%s", "namespace": "default", "labels": {"app": "web"},
                        "annotations": {"deployment.kubernetes.io/revision": "%s"},
                        "ownerReferences": [{"kind": "Deployment", "name": "web", "uid": "d1", "controller": true}]},
           "spec": {"replicas": %s}, "status": {"replicas": %s}}""".formatted(revision, revision,
          revision.equals("2") ? 2 : 0, revision.equals("2") ? 2 : 0)));
    }

    String out = cli.kctl("describe", "deployment", "web").out();

    assertThat(out).contains("Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n")
        .contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n")
        .contains("Pod Template:\n  Labels:  app=web\n  Containers:\n   web:\n    Image:         tomcat\n")
        .contains("    Port:          <none>\n    Host Port:     <none>\n")
        // The conditions' first column lines up with the lines after it, as in kubectl.
        .contains("  Type           Status  Reason\n  ----           ------  ------\n"
            + "  Available      True    MinimumReplicasAvailable\n")
        .contains("OldReplicaSets:  web-1 (0/0 replicas created)\nNewReplicaSet:   web-2 (2/2 replicas created)\n");
  }

  @Test
  void aNameMatchingNothingIsNotFound() {
    assertThat(cli.kctl("describe", "pod", "nope")).isEqualTo(new CliRun.Result(1, "",
        "Error from server (NotFound): pods \"nope\" not found\n"));
  }
}
