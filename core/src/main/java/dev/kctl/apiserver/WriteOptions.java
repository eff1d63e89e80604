package dev.kctl.apiserver;

/**
 * Options every write request may carry.
 *
 * @param dryRun run admission and report the result without storing it ({@code dryRun=All})
 * @param fieldManager the writer's name ({@code fieldManager=}); empty when not given
 */
public record WriteOptions(boolean dryRun, String fieldManager) {
  public static final WriteOptions DEFAULT = new WriteOptions(false, "");
}
