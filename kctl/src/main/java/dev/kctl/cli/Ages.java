package dev.kctl.cli;

import dev.kctl.api.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Durations and times as kubectl prints them: {@code 5m2s}, {@code 3d4h}, RFC 1123 with zone. */
final class Ages {
  private static final DateTimeFormatter RFC1123Z =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

  private Ages() {}

  /** kubectl's human duration, as the API server's AGE cells print it. */
  static String human(Duration d) {
    return HumanDuration.format(d);
  }

  /** The age of an RFC 3339 timestamp at {@code now}; {@code <unknown>} when it is empty or bad. */
  static String since(String timestamp, Instant now) {
    return HumanDuration.since(timestamp, now);
  }

  /** {@code Mon, 02 Jan 2006 15:04:05 -0700} in the local zone, as kubectl describe prints times. */
  static String rfc1123(String timestamp) {
    Instant then = parse(timestamp);
    return then == null ? "" : RFC1123Z.format(then.atZone(ZoneId.systemDefault()));
  }

  static Instant parse(String timestamp) {
    return HumanDuration.parse(timestamp);
  }
}
