package dev.kctl.kletd.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** Finds where the last lines of a log file begin, reading backwards in blocks. */
final class Tail {
  private static final int BLOCK = 8192;

  private Tail() {}

  /**
   * The offset of the first of the last {@code lines} lines of the first {@code size} bytes; a
   * final line without a newline counts as a line. Negative {@code lines} means all: offset 0.
   */
  static long offset(SeekableByteChannel file, long size, long lines) throws IOException {
    if (lines < 0) {
      return 0;
    }
    if (lines == 0) {
      return size;
    }
    ByteBuffer block = ByteBuffer.allocate(BLOCK);
    long newlines = 0;
    long end = size;
    while (end > 0) {
      long start = Math.max(0, end - BLOCK);
      block.clear().limit((int) (end - start));
      file.position(start);
      while (block.hasRemaining() && file.read(block) >= 0) {
        // read the whole block
      }
      for (int i = (int) (end - start) - 1; i >= 0; i--) {
        long at = start + i;
        // The newline that ends the file closes the last line; it does not start another.
        if (block.get(i) == '\n' && at != size - 1 && ++newlines == lines) {
          return at + 1;
        }
      }
      end = start;
    }
    return 0;
  }
}
