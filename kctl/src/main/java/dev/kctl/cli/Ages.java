package dev.kctl.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations and times as kubectl prints them: {@code 5m2s}, {@code 3d4h}, RFC 1123 with zone. */
final class Ages {
  private static final DateTimeFormatter RFC1123Z =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

  private Ages() {}

  /**
   * kubectl's human duration: seconds below 2 minutes, then minutes (with seconds below 10
   * minutes), hours (with minutes below 8 hours), days (with hours below 8 days), years.
   */
  static String human(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 180) {
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
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** The age of an RFC 3339 timestamp at {@code now}; {@code <unknown>} when it is empty or bad. */
  static String since(String timestamp, Instant now) {
    Instant then = parse(timestamp);
    return then == null ? "<unknown>" : human(Duration.between(then, now));
  }

  /** {@code Mon, 02 Jan 2006 15:04:05 -0700} in the local zone, as kubectl describe prints times. */
  static String rfc1123(String timestamp) {
    Instant then = parse(timestamp);
    return then == null ? "" : RFC1123Z.format(then.atZone(ZoneId.systemDefault()));
  }

  static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
