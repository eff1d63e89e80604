package dev.kctl.kletd.probe;

/** How one run of an {@link Action} went. */
public sealed interface Outcome {
  /** {@code output}: what an exec printed, or the HTTP body's start; may be empty. */
  record Success(String output) implements Outcome {}

  /** {@code message}: why it failed, in the kubelet's words where it has some. */
  record Failure(String message) implements Outcome {}
}
