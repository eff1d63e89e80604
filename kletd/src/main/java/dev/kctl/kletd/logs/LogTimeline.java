package dev.kctl.kletd.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When the bytes of log files were written, as far as kletd can tell. Containers write their logs
 * straight to files (no pipe through kletd, so pods outlive it), so nothing stamps each line;
 * instead this remembers, per tracked file, the size it had at each look: a byte is dated by the
 * first look that saw it. The node endpoint looks at every tracked file about once a second, so
 * a line's time is at most that late.
 *
 * <p>Worked example: a file first looked at when it is 120 bytes long, then 150 bytes one second
 * later: bytes 0-119 get the file's creation time (kletd cannot know better), bytes 120-149 the
 * time of the second look. Files are tracked from the first log request for them on; what they
 * held by then is dated by their creation time. The marks live in memory: after a restart of kletd
 * the same rule starts afresh.
 */
final class LogTimeline {
  /** Bytes before {@code size} were in the file at {@code seen}. */
  private record Mark(long size, Instant seen) {}

  private final InstantSource clock;
  /** The marks of each tracked file, ascending in size and time; guarded by {@code this}. */
  private final Map<Path, List<Mark>> marks = new HashMap<>();

  LogTimeline(InstantSource clock) {
    this.clock = clock;
  }

  /** Looks at {@code file} now: tracks it from now on, and dates the bytes it gained since the last look. */
  synchronized void look(Path file) throws IOException {
    long size = Files.size(file);
    List<Mark> list = marks.get(file);
    if (list == null) {
      list = new ArrayList<>();
      list.add(new Mark(size, created(file)));
      marks.put(file, list);
    } else if (size > list.getLast().size()) {
      list.add(new Mark(size, clock.instant()));
    } else if (size < list.getLast().size()) {
      // Truncated or replaced: what it holds now was written after the old marks.
      list.clear();
      list.add(new Mark(size, clock.instant()));
    }
  }

  /** Looks at every tracked file; forgets those that are gone. */
  void lookAtAll() {
    List<Path> files;
    synchronized (this) {
      files = List.copyOf(marks.keySet());
    }
    for (Path file : files) {
      try {
        look(file);
      } catch (IOException gone) {
        synchronized (this) {
          marks.remove(file);
        }
      }
    }
  }

  /** When the byte at {@code offset} of {@code file} was written; now for bytes not yet looked at. */
  synchronized Instant timeOf(Path file, long offset) {
    for (Mark mark : marks.getOrDefault(file, List.of())) {
      if (offset < mark.size()) {
        return mark.seen();
      }
    }
    return clock.instant();
  }

  private Instant created(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    // File systems without a birth time report the modification time there instead.
    Instant created = attributes.creationTime().toInstant();
    return created.isAfter(clock.instant()) ? clock.instant() : created;
  }
}
