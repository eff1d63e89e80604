package dev.kctl.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Durations as kubectl prints them in AGE columns: two or three significant figures that get
 * coarser as the duration grows. A port of {@code HumanDuration} in
 * {@code k8s.io/apimachinery/pkg/util/duration}; the steps and their bounds are the same.
 *
 * <pre>
 *   below 2 minutes  45s, 119s      below 3 hours   15m, 179m
 *   below 10 minutes 5m, 5m3s       below 8 hours   3h, 3h5m
 *   below 2 days     47h            below 8 days    2d, 2d3h
 *   below 2 years    400d           below 8 years   2y, 3y10d     then  12y
 * </pre>
 */
public final class HumanDuration {
  private static final long HOURS_PER_YEAR = 24 * 365;

  private HumanDuration() {}

  public static String format(Duration d) {
    // Truncates toward zero, as Go's int(d.Seconds()) does; up to a second in the future is "0s"
    // so that clocks a little apart do not print nonsense.
    long seconds = d.toMillis() / 1000;
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = d.toSeconds() % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < HOURS_PER_YEAR * 2) {
      return hours / 24 + "d";
    } else if (hours < HOURS_PER_YEAR * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / HOURS_PER_YEAR + "y" : hours / HOURS_PER_YEAR + "y" + days + "d";
    }
    return hours / HOURS_PER_YEAR + "y";
  }

  /** The age of a timestamp field at {@code now}; {@code <unknown>} when it is unset or unreadable. */
  public static String since(String timestamp, Instant now) {
    Instant then = parse(timestamp);
    return then == null ? "<unknown>" : format(Duration.between(then, now));
  }

  /** A {@code Time} or {@code MicroTime} field, or null when it is unset or unreadable. */
  public static Instant parse(String timestamp) {
    try {
      return Timestamps.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
