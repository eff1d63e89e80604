package dev.kctl.controller.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * One entry of a pod's {@code spec.tolerations}, and Kubernetes' rules for matching taints: an
 * empty effect matches every effect, an empty key (with {@code Exists}) every key; {@code Exists}
 * matches any value, {@code Equal} (the default) only the same one. {@code tolerationSeconds}
 * bounds how long a {@code NoExecute} taint is tolerated; absent, for ever.
 */
public record Toleration(String key, String operator, String value, String effect, Optional<Duration> seconds) {

  /** The tolerations in {@code pod}'s {@code spec.tolerations}. */
  public static List<Toleration> of(JsonNode pod) {
    List<Toleration> out = new ArrayList<>();
    for (JsonNode t : pod.path("spec").path("tolerations")) {
      JsonNode seconds = t.path("tolerationSeconds");
      out.add(new Toleration(t.path("key").asString(""), t.path("operator").asString(""), t.path("value").asString(""),
          t.path("effect").asString(""),
          // zero and negative both mean "evict at once"
          seconds.isIntegralNumber() ? Optional.of(Duration.ofSeconds(Math.max(0, seconds.asLong()))) : Optional.empty()));
    }
    return List.copyOf(out);
  }

  public boolean tolerates(Taint taint) {
    if (!effect.isEmpty() && !effect.equals(taint.effect())) {
      return false;
    }
    if (!key.isEmpty() && !key.equals(taint.key())) {
      return false;
    }
    return switch (operator) {
      case "Exists" -> true;
      case "", "Equal" -> value.equals(taint.value());
      default -> false; // an operator this version does not know tolerates nothing, as in kube
    };
  }

  /** Whether any of {@code tolerations} tolerates {@code taint}. */
  public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
    return tolerations.stream().anyMatch(t -> t.tolerates(taint));
  }

  /** The first of {@code taints} that {@code applies} selects and no toleration tolerates. */
  public static Optional<Taint> firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> applies) {
    return taints.stream().filter(applies).filter(t -> !anyTolerates(tolerations, t)).findFirst();
  }
}
