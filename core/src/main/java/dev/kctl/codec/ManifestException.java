package dev.kctl.codec;

/**
 * A manifest that cannot be used: not YAML or JSON, over a limit, or not a Kubernetes object. The
 * message starts with where ({@code source:line:column}, or {@code source:line} when only the
 * document is known) and then says what is wrong, so a CLI can print it as it is.
 */
public final class ManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param line 1-based, 0 when unknown
   * @param column 1-based, 0 when unknown or when the problem is with a whole document
   */
  public ManifestException(String source, int line, int column, String problem, Throwable cause) {
    super(location(source, line, column) + ": " + problem, cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  public String source() {
    return source;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The message without its location. */
  public String problem() {
    return problem;
  }

  private static String location(String source, int line, int column) {
    if (line <= 0) {
      return source;
    }
    return column <= 0 ? source + ":" + line : source + ":" + line + ":" + column;
  }
}
