package dev.kctl.cli.agent;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** Makes named pipes, which the JDK cannot: libc's {@code mkfifo}, through the foreign function API. */
final class Fifos {
  private static final MethodHandle MKFIFO = Linker.nativeLinker().downcallHandle(
      Linker.nativeLinker().defaultLookup().find("mkfifo").orElseThrow(),
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
      Linker.Option.captureCallState("errno"));
  private static final long ERRNO_OFFSET = Linker.Option.captureStateLayout()
      .byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

  private Fifos() {}

  /** Makes a named pipe at {@code path} that only its owner may open. */
  static void make(Path path) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      var state = arena.allocate(Linker.Option.captureStateLayout());
      int result = (int) MKFIFO.invokeExact(state, arena.allocateFrom(path.toString()), 0600);
      if (result != 0) {
        throw new IOException("cannot make the named pipe " + path + ": errno " + state.get(ValueLayout.JAVA_INT,
            ERRNO_OFFSET));
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("cannot make the named pipe " + path + ": " + e, e);
    }
  }
}
