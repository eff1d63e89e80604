package dev.kctl.client;

import java.time.Duration;

/**
 * What kubectl's connection flags change about a kubeconfig context: another cluster or user
 * entry ({@code --cluster}, {@code --user}), another server URL ({@code -s}/{@code --server}),
 * another bearer token ({@code --token}), no server certificate check
 * ({@code --insecure-skip-tls-verify}), and the time each request may take
 * ({@code --request-timeout}). Empty strings and {@code false} change nothing.
 *
 * @param cluster the kubeconfig cluster entry to use instead of the context's; empty for the context's
 * @param user the kubeconfig user entry to use instead of the context's; empty for the context's
 * @param server the API server URL to use instead of the cluster's; empty for the cluster's
 * @param token the bearer token to send instead of the user's; empty for the user's
 * @param insecureSkipTlsVerify accept any server certificate (and drop the kubeconfig's CA, as kubectl does)
 * @param requestTimeout how long one request may take; {@link Duration#ZERO} for no limit. Watches
 *     and followed logs are never limited.
 */
public record ConfigOverrides(String cluster, String user, String server, String token,
    boolean insecureSkipTlsVerify, Duration requestTimeout) {

  /** The time a request may take when {@code --request-timeout} is not given. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(RestClient.REQUEST_TIMEOUT_SECONDS);

  /** No overrides: the context as the kubeconfig says, with the default request timeout. */
  public static final ConfigOverrides NONE =
      new ConfigOverrides("", "", "", "", false, DEFAULT_REQUEST_TIMEOUT);

  /** @throws IllegalArgumentException if {@code requestTimeout} is negative */
  public ConfigOverrides {
    cluster = cluster == null ? "" : cluster;
    user = user == null ? "" : user;
    server = server == null ? "" : server;
    token = token == null ? "" : token;
    requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    if (requestTimeout.isNegative()) {
      throw new IllegalArgumentException("the request timeout must not be negative, got " + requestTimeout);
    }
  }

  /**
   * Reads a {@code --request-timeout} value as kubectl does: a whole number of seconds ({@code 30}),
   * or a number with a unit ({@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}, {@code 1m30s});
   * {@code 0} means no limit.
   *
   * @throws IllegalArgumentException with kubectl's message if it is neither, or negative
   */
  public static Duration parseTimeout(String text) {
    String value = text.strip();
    if (value.matches("\\d+")) {
      try {
        return Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException | ArithmeticException e) {
        throw invalidTimeout(e);
      }
    }
    // Go's duration syntax: a sequence of decimal numbers, each with a unit.
    if (!value.matches("(\\d+(\\.\\d*)?(ns|us|µs|ms|s|m|h))+")) {
      throw invalidTimeout(null);
    }
    java.util.regex.Matcher part = java.util.regex.Pattern
        .compile("(\\d+(?:\\.\\d*)?)(ns|us|µs|ms|s|m|h)").matcher(value);
    Duration total = Duration.ZERO;
    try {
      while (part.find()) {
        java.math.BigDecimal amount = new java.math.BigDecimal(part.group(1));
        long nanosPerUnit = switch (part.group(2)) {
          case "ns" -> 1L;
          case "us", "µs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> throw invalidTimeout(null);
        };
        total = total.plusNanos(
            amount.multiply(java.math.BigDecimal.valueOf(nanosPerUnit)).toBigInteger().longValueExact());
      }
    } catch (ArithmeticException e) {
      throw invalidTimeout(e);
    }
    return total;
  }

  private static IllegalArgumentException invalidTimeout(Exception cause) {
    return new IllegalArgumentException("Invalid timeout value. Timeout must be a single integer in seconds, or an"
        + " integer followed by a corresponding time unit (e.g. 1|1s|2m|3h)", cause);
  }
}
