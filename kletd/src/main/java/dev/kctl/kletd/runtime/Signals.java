package dev.kctl.kletd.runtime;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Signals to whole process groups. The JDK can signal one process only ({@link ProcessHandle#destroy}),
 * so this calls libc's {@code kill(2)} with a negative pid through the foreign function API.
 */
final class Signals {
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;

  // Restricted: kletd is run with --enable-native-access=ALL-UNNAMED (bin/kletd, surefire).
  @SuppressWarnings("restricted")
  private static final MethodHandle KILL = Linker.nativeLinker().downcallHandle(
      Linker.nativeLinker().defaultLookup().find("kill")
          .orElseThrow(() -> new IllegalStateException("libc has no kill(2); kletd needs Linux")),
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  private Signals() {}

  /**
   * Sends {@code signal} to every process of group {@code pgid}.
   *
   * @return false when no process of that group was left (or it was not ours to signal)
   */
  static boolean toGroup(long pgid, int signal) {
    if (pgid <= 1) {
      // kill(-1) would signal every process we may signal; kill(0) our own group.
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    try {
      return (int) KILL.invokeExact((int) -pgid, signal) == 0;
    } catch (Throwable e) {
      throw new IllegalStateException("kill(-" + pgid + ", " + signal + ") failed", e);
    }
  }
}
