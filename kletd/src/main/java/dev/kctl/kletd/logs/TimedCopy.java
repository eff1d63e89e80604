package dev.kctl.kletd.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Copies a log line by line for {@code sinceSeconds}, {@code sinceTime} and {@code timestamps}:
 * each line is dated by the {@link LogTimeline} at the offset where it starts, left out when older
 * than {@code since}, and prefixed with its RFC 3339 time and a space when asked.
 *
 * @param since the oldest time to copy, or null for all
 */
record TimedCopy(Path file, LogTimeline timeline, Instant since, boolean timestamps) {
  /**
   * Copies from the channel's position to its end; when {@code running} is not null, then keeps
   * copying what is appended until the writer has stopped (or the client has {@code gone}).
   */
  void copy(SeekableByteChannel channel, OutputStream out, BooleanSupplier running, Duration poll,
      AtomicBoolean gone) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long lineStart = channel.position();
    while (!gone.get()) {
      buffer.clear();
      long at = channel.position();
      int n = channel.read(buffer);
      if (n > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buffer.get(i);
          line.write(b);
          if (b == '\n') {
            emit(line, lineStart, out);
            lineStart = at + i + 1;
          }
        }
        continue;
      }
      out.flush();
      if (running == null || !running.getAsBoolean()) {
        // A last line without a newline is still a line; the writer is done with it.
        if (running == null || drained(channel)) {
          emit(line, lineStart, out);
          return;
        }
        continue;
      }
      try {
        Thread.sleep(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      timeline.look(file);
    }
  }

  /** Whether the file has nothing more to read; a stopped writer's last bytes may still arrive. */
  private static boolean drained(SeekableByteChannel channel) throws IOException {
    return channel.position() >= channel.size();
  }

  private void emit(ByteArrayOutputStream line, long lineStart, OutputStream out) throws IOException {
    if (line.size() == 0) {
      return;
    }
    Instant written = timeline.timeOf(file, lineStart);
    if (since == null || !written.isBefore(since)) {
      if (timestamps) {
        out.write((DateTimeFormatter.ISO_INSTANT.format(written) + " ").getBytes(StandardCharsets.US_ASCII));
      }
      line.writeTo(out);
    }
    line.reset();
  }
}
