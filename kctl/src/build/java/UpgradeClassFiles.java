import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A build step, run as a source file by kctl/pom.xml: rewrites the classes of a jar compiled for
 * Java 5 (picocli's) as Java 8 class files, with the stack map frames such files must carry.
 *
 * <p>Why: the JVM keeps classes older than Java 6 out of an AOT cache, so without this every
 * kctl command loads, verifies and links picocli's 228 classes from the jar at each start. The
 * bytecode itself is unchanged. A jar whose classes are all Java 6 or newer is left as it is, so
 * running the step twice changes nothing.
 *
 * <p>Usage: {@code java UpgradeClassFiles.java JAR}
 */
public final class UpgradeClassFiles {
  private static final int JAVA_6 = 50;
  private static final int JAVA_8 = 52;

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    Map<String, byte[]> entries = read(jar);
    ClassHierarchyResolver ownClasses = ClassHierarchyResolver.ofResourceParsing(desc -> {
      byte[] bytes = entries.get(internalName(desc.descriptorString()) + ".class");
      return bytes == null ? null : new ByteArrayInputStream(bytes);
    });
    ClassFile classFile = ClassFile.of(
        ClassFile.ClassHierarchyResolverOption.of(ownClasses.orElse(ClassHierarchyResolver.defaultResolver())),
        ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
    ClassTransform upgrade = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
        .andThen(ClassTransform.endHandler(builder -> builder.withVersion(JAVA_8, 0)));
    int upgraded = 0;
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      if (entry.getKey().endsWith(".class")) {
        ClassModel model = classFile.parse(entry.getValue());
        if (model.majorVersion() < JAVA_6) {
          entry.setValue(classFile.transformClass(model, upgrade));
          upgraded++;
        }
      }
    }
    if (upgraded > 0) {
      write(jar, entries);
      System.out.printf("%s: %d classes rewritten as Java 8 class files, so the AOT cache can hold them%n",
          jar.getFileName(), upgraded);
    }
  }

  private static String internalName(String descriptor) {
    return descriptor.substring(1, descriptor.length() - 1);
  }

  /** Every entry, in the jar's order (the manifest first, as jar readers expect). */
  private static Map<String, byte[]> read(Path jar) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        entries.put(entry.getName(), file.getInputStream(entry).readAllBytes());
      }
    }
    return entries;
  }

  /** Writes next to the jar, then moves over it, so a failed run never leaves half a jar. */
  private static void write(Path jar, Map<String, byte[]> entries) throws IOException {
    Path next = jar.resolveSibling(jar.getFileName() + ".next");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(next))) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
