package dev.kctl.store;

/**
 * A key's value at one revision.
 *
 * @param createRevision the revision that created the key
 * @param modRevision the revision of the write that produced this value (for a deletion event,
 *     the revision of the deletion)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {}
