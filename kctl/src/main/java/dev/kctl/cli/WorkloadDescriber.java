package dev.kctl.cli;

import dev.kctl.api.ResourceTypes;
import dev.kctl.client.ListOptions;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code kctl describe} for deployments, replica sets, daemon sets and jobs. */
final class WorkloadDescriber {
  private static final String REVISION = "deployment.kubernetes.io/revision";

  private WorkloadDescriber() {}

  static String deployment(JsonNode d, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = d.path("metadata");
    JsonNode spec = d.path("spec");
    JsonNode status = d.path("status");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    w.w(0, "CreationTimestamp:\t%s\n", Ages.rfc1123(metadata.path("creationTimestamp").asString("")));
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    w.w(0, "Selector:\t%s\n", DescribeContext.selectorQuery(spec.path("selector")));
    w.w(0, "Replicas:\t%d desired | %d updated | %d total | %d available | %d unavailable\n",
        spec.path("replicas").asInt(1), status.path("updatedReplicas").asInt(0), status.path("replicas").asInt(0),
        status.path("availableReplicas").asInt(0), status.path("unavailableReplicas").asInt(0));
    w.w(0, "StrategyType:\t%s\n", spec.path("strategy").path("type").asString(""));
    w.w(0, "MinReadySeconds:\t%d\n", spec.path("minReadySeconds").asInt(0));
    JsonNode rolling = spec.path("strategy").path("rollingUpdate");
    if (rolling.isObject()) {
      w.w(0, "RollingUpdateStrategy:\t%s max unavailable, %s max surge\n",
          rolling.path("maxUnavailable").asString(""), rolling.path("maxSurge").asString(""));
    }
    PodDescriber.template(w, spec.path("template"));
    conditions(w, status.path("conditions"));
    List<JsonNode> owned = replicaSets(d, context);
    if (!owned.isEmpty()) {
      String revision = metadata.path("annotations").path(REVISION).asString("");
      List<JsonNode> old = new ArrayList<>();
      List<JsonNode> current = new ArrayList<>();
      for (JsonNode rs : owned) {
        boolean isNew = rs.path("metadata").path("annotations").path(REVISION).asString("").equals(revision);
        (isNew && current.isEmpty() ? current : old).add(rs);
      }
      w.w(0, "OldReplicaSets:\t%s\n", replicaSetList(old));
      w.w(0, "NewReplicaSet:\t%s\n", replicaSetList(current));
    }
    if (context.showEvents()) {
      w.events(context.events(d, ResourceTypes.DEPLOYMENTS, true));
    }
    return w.text();
  }

  /** The replica sets the deployment controls, as the revision history and undo read them. */
  static List<JsonNode> replicaSets(JsonNode deployment, DescribeContext context) {
    String uid = deployment.path("metadata").path("uid").asString("");
    List<JsonNode> owned = new ArrayList<>();
    for (JsonNode rs : context.client().list(ResourceTypes.REPLICASETS,
        deployment.path("metadata").path("namespace").asString(""),
        ListOptions.NONE.withLabelSelector(DescribeContext.selectorQuery(deployment.path("spec").path("selector"))))
        .path("items")) {
      if (DescribeContext.controllerUid(rs).equals(uid)) {
        owned.add(rs);
      }
    }
    return owned;
  }

  private static String replicaSetList(List<JsonNode> sets) {
    List<String> texts = new ArrayList<>();
    for (JsonNode rs : sets) {
      texts.add("%s (%d/%d replicas created)".formatted(rs.path("metadata").path("name").asString(""),
          rs.path("status").path("replicas").asInt(0), rs.path("spec").path("replicas").asInt(1)));
    }
    return texts.isEmpty() ? DescribeWriter.NONE : String.join(", ", texts);
  }

  static String replicaSet(JsonNode rs, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = rs.path("metadata");
    JsonNode spec = rs.path("spec");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    w.w(0, "Selector:\t%s\n", DescribeWriter.formatSelector(spec.path("selector")));
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    controlledBy(w, rs);
    w.w(0, "Replicas:\t%d current / %d desired\n", rs.path("status").path("replicas").asInt(0),
        spec.path("replicas").asInt(1));
    w.w(0, "Pods Status:\t%s\n", context.podsStatus(metadata.path("namespace").asString(""),
        spec.path("selector"), metadata.path("uid").asString("")));
    PodDescriber.template(w, spec.path("template"));
    conditions(w, rs.path("status").path("conditions"));
    if (context.showEvents()) {
      w.events(context.events(rs, ResourceTypes.REPLICASETS, true));
    }
    return w.text();
  }

  static String daemonSet(JsonNode ds, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = ds.path("metadata");
    JsonNode spec = ds.path("spec");
    JsonNode status = ds.path("status");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    w.w(0, "Selector:\t%s\n", DescribeContext.selectorQuery(spec.path("selector")));
    String nodeSelector = DescribeWriter.formatLabels(spec.path("template").path("spec").path("nodeSelector"));
    w.w(0, "Node-Selector:\t%s\n", nodeSelector);
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    w.w(0, "Desired Number of Nodes Scheduled: %d\n", status.path("desiredNumberScheduled").asInt(0));
    w.w(0, "Current Number of Nodes Scheduled: %d\n", status.path("currentNumberScheduled").asInt(0));
    w.w(0, "Number of Nodes Scheduled with Up-to-date Pods: %d\n", status.path("updatedNumberScheduled").asInt(0));
    w.w(0, "Number of Nodes Scheduled with Available Pods: %d\n", status.path("numberAvailable").asInt(0));
    w.w(0, "Number of Nodes Misscheduled: %d\n", status.path("numberMisscheduled").asInt(0));
    w.w(0, "Pods Status:\t%s\n", context.podsStatus(metadata.path("namespace").asString(""),
        spec.path("selector"), metadata.path("uid").asString("")));
    PodDescriber.template(w, spec.path("template"));
    if (context.showEvents()) {
      w.events(context.events(ds, ResourceTypes.DAEMONSETS, true));
    }
    return w.text();
  }

  static String job(JsonNode job, DescribeContext context) {
    DescribeWriter w = context.writer();
    JsonNode metadata = job.path("metadata");
    JsonNode spec = job.path("spec");
    JsonNode status = job.path("status");
    w.w(0, "Name:\t%s\n", metadata.path("name").asString(""));
    w.w(0, "Namespace:\t%s\n", metadata.path("namespace").asString(""));
    w.w(0, "Selector:\t%s\n", DescribeContext.selectorQuery(spec.path("selector")));
    w.labels("Labels", metadata.path("labels"));
    w.annotations("Annotations", metadata.path("annotations"));
    controlledBy(w, job);
    if (spec.has("parallelism")) {
      w.w(0, "Parallelism:\t%d\n", spec.path("parallelism").asInt());
    }
    w.w(0, spec.has("completions") ? "Completions:\t%s\n" : "Completions:\t<unset>\n", spec.path("completions").asString(""));
    if (spec.has("completionMode")) {
      w.w(0, "Completion Mode:\t%s\n", spec.path("completionMode").asString());
    }
    if (spec.has("suspend")) {
      w.w(0, "Suspend:\t%s\n", spec.path("suspend").asBoolean());
    }
    if (spec.has("backoffLimit")) {
      w.w(0, "Backoff Limit:\t%d\n", spec.path("backoffLimit").asInt());
    }
    if (spec.has("ttlSecondsAfterFinished")) {
      w.w(0, "TTL Seconds After Finished:\t%d\n", spec.path("ttlSecondsAfterFinished").asInt());
    }
    String start = status.path("startTime").asString("");
    String end = status.path("completionTime").asString("");
    if (!start.isEmpty()) {
      w.w(0, "Start Time:\t%s\n", Ages.rfc1123(start));
    }
    if (!end.isEmpty()) {
      w.w(0, "Completed At:\t%s\n", Ages.rfc1123(end));
    }
    if (!start.isEmpty() && !end.isEmpty()) {
      w.w(0, "Duration:\t%s\n", Ages.human(java.time.Duration.between(Ages.parse(start), Ages.parse(end))));
    }
    if (spec.has("activeDeadlineSeconds")) {
      w.w(0, "Active Deadline Seconds:\t%ds\n", spec.path("activeDeadlineSeconds").asLong());
    }
    if (status.has("ready")) {
      w.w(0, "Pods Statuses:\t%d Active (%d Ready) / %d Succeeded / %d Failed\n", status.path("active").asInt(0),
          status.path("ready").asInt(0), status.path("succeeded").asInt(0), status.path("failed").asInt(0));
    } else {
      w.w(0, "Pods Statuses:\t%d Active / %d Succeeded / %d Failed\n", status.path("active").asInt(0),
          status.path("succeeded").asInt(0), status.path("failed").asInt(0));
    }
    PodDescriber.template(w, spec.path("template"));
    if (context.showEvents()) {
      w.events(context.events(job, ResourceTypes.JOBS, true));
    }
    return w.text();
  }

  private static void controlledBy(DescribeWriter w, JsonNode object) {
    String controller = DescribeContext.controlledBy(object);
    if (!controller.isEmpty()) {
      w.w(0, "Controlled By:\t%s\n", controller);
    }
  }

  private static void conditions(DescribeWriter w, JsonNode conditions) {
    if (conditions.isEmpty()) {
      return;
    }
    w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.w(1, "----\t------\t------\n");
    for (JsonNode c : conditions) {
      w.w(1, "%s \t%s\t%s\n", c.path("type").asString(""), c.path("status").asString(""), c.path("reason").asString(""));
    }
  }
}
