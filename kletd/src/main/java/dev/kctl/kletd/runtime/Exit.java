package dev.kctl.kletd.runtime;

import java.time.Instant;

/**
 * How a container's process ended.
 *
 * @param code the exit status; 128 + n when signal n killed it (as a shell reports it)
 * @param finishedAt when kletd saw it end
 * @param codeKnown false when the process was not kletd's child (adopted from an earlier kletd, or
 *     gone while no kletd ran): the kernel tells only the parent how a process ended
 * @param oomKilled whether the kernel's OOM killer ended it for its memory limit (as its cgroup
 *     reports; false where there is none)
 */
public record Exit(int code, Instant finishedAt, boolean codeKnown, boolean oomKilled) {

  public Exit(int code, Instant finishedAt, boolean codeKnown) {
    this(code, finishedAt, codeKnown, false);
  }

  /** A process whose end was seen but whose status is lost; Kubernetes reports such a one as 137. */
  public static Exit unknown(Instant finishedAt) {
    return new Exit(137, finishedAt, false);
  }

  public boolean succeeded() {
    return codeKnown && code == 0 && !oomKilled;
  }

  Exit withOomKilled(boolean killed) {
    return new Exit(code, finishedAt, codeKnown, killed);
  }
}
