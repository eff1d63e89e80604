package dev.kctl.store;

/** A running store watch; closing it stops delivery. Safe to close more than once. */
public interface StoreWatch extends AutoCloseable {
  @Override
  void close();
}
