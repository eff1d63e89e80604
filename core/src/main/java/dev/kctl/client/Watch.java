package dev.kctl.client;

/** A running watch. Closing it stops delivery; it is safe to close more than once. */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
