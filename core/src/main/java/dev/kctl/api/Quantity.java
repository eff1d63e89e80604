package dev.kctl.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity such as {@code 100m}, {@code 0.5}, {@code 128Mi}, {@code 1G} or
 * {@code 2e3}: a decimal number with a binary suffix (Ki, Mi, Gi, Ti, Pi, Ei), a decimal suffix
 * (n, u, m, k, M, G, T, P, E) or a decimal exponent. The value is exact; {@link #value()} and
 * {@link #milliValue()} round up, as Kubernetes' {@code Value()} and {@code MilliValue()} do.
 *
 * @param amount the quantity in base units (cores, bytes)
 */
public record Quantity(BigDecimal amount) {
  public static final Quantity ZERO = new Quantity(BigDecimal.ZERO);

  private static final Pattern SYNTAX = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(.*)");
  private static final Pattern EXPONENT = Pattern.compile("[eE]([+-]?\\d+)");
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("n", new BigDecimal("1e-9")),
      Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")),
      Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")),
      Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")),
      Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")),
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
      Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
      Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
      Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  /**
   * Parses the string form.
   *
   * @throws IllegalArgumentException naming the text when it is not a quantity
   */
  public static Quantity parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("quantity \"" + text + "\" must be a number with an optional suffix, like 100m or 128Mi");
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    Matcher exponent = EXPONENT.matcher(suffix);
    if (exponent.matches()) {
      return new Quantity(number.scaleByPowerOfTen(Integer.parseInt(exponent.group(1))));
    }
    BigDecimal multiplier = SUFFIXES.get(suffix);
    if (multiplier == null) {
      throw new IllegalArgumentException("quantity \"" + text + "\" has unknown suffix \"" + suffix + "\"");
    }
    return new Quantity(number.multiply(multiplier));
  }

  /** The amount in base units, rounded up: bytes, or whole cores. */
  public long value() {
    return amount.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** The amount in thousandths, rounded up: millicores for CPU. */
  public long milliValue() {
    return amount.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  public Quantity plus(Quantity other) {
    return new Quantity(amount.add(other.amount));
  }
}
