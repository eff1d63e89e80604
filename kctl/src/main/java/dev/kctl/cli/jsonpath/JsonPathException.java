package dev.kctl.cli.jsonpath;

/** A JSONPath template or expression that cannot be parsed; the message says where and why. */
public final class JsonPathException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  JsonPathException(String message) {
    super(message);
  }
}
