package dev.kctl.kletd.image;

/** Turns a pod's {@code image} reference into something runnable. */
@FunctionalInterface
public interface ImageResolver {
  Image resolve(String reference) throws ImagePullException;
}
