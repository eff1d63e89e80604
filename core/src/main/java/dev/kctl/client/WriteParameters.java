package dev.kctl.client;

/**
 * Query parameters of a write (create, update, patch) beyond the object itself, as kubectl sends
 * them for {@code --dry-run=server}, {@code --field-manager} and {@code --force-conflicts}. Such
 * writes are a user's, so they are also validated strictly ({@code fieldValidation=Strict}), as
 * kubectl's are: an unknown or duplicate field is an error, not a warning.
 *
 * @param dryRun {@code dryRun=All}: the server admits and answers the write but stores nothing
 * @param fieldManager {@code fieldManager=}; empty for the client's own (server-side apply needs one)
 * @param force {@code force=true}: a server-side apply takes over fields other managers own
 */
public record WriteParameters(boolean dryRun, String fieldManager, boolean force) {
  /** A plain write: stored, by the client's own field manager, without forcing. */
  public static final WriteParameters NONE = new WriteParameters(false, "", false);
}
