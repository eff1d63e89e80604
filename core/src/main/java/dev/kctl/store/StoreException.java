package dev.kctl.store;

/** The failures of store operations callers branch on. */
public abstract sealed class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public static final class KeyExists extends StoreException {
    private static final long serialVersionUID = 1L;

    public KeyExists(String key) {
      super("key " + key + " already exists", null);
    }
  }

  public static final class KeyNotFound extends StoreException {
    private static final long serialVersionUID = 1L;

    public KeyNotFound(String key) {
      super("key " + key + " not found", null);
    }
  }

  /** The key's modRevision is not the one the write expected. */
  public static final class RevisionMismatch extends StoreException {
    private static final long serialVersionUID = 1L;
    private final long actual;

    public RevisionMismatch(String key, long expected, long actual) {
      super("key %s is at revision %d, not %d as expected".formatted(key, actual, expected), null);
      this.actual = actual;
    }

    public long actual() {
      return actual;
    }
  }

  /** The history after the requested revision was compacted. */
  public static final class Compacted extends StoreException {
    private static final long serialVersionUID = 1L;
    private final long compactedRevision;

    public Compacted(long requested, long compactedRevision) {
      super("revision %d is compacted; the oldest revision kept is %d".formatted(requested, compactedRevision), null);
      this.compactedRevision = compactedRevision;
    }

    public long compactedRevision() {
      return compactedRevision;
    }
  }

  /**
   * The store's folder holds something the store must not use: another program's files, a damaged
   * store, or a store of a newer format. The message names the folder and what to do; nothing in
   * the folder was changed. Retrying does not help.
   */
  public static final class Unusable extends StoreException {
    private static final long serialVersionUID = 1L;

    public Unusable(String message) {
      super(message, null);
    }

    public Unusable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The store cannot serve: the disk failed or it is closed. */
  public static final class Unavailable extends StoreException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
