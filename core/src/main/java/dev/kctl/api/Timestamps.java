package dev.kctl.api;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The timestamp formats of the Kubernetes API. */
public final class Timestamps {
  private Timestamps() {}

  /** A {@code Time}: RFC 3339 in UTC with whole seconds, e.g. {@code 2026-11-25T08:47:41Z}. */
  public static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A {@code MicroTime}: RFC 3339 in UTC with microseconds, e.g. {@code 2026-11-25T08:47:41.123456Z}. */
  public static String microTime(Instant instant) {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    String text = DateTimeFormatter.ISO_INSTANT.format(micros);
    // ISO_INSTANT drops a zero fraction; MicroTime always carries six digits.
    return micros.getNano() == 0 ? text.replace("Z", ".000000Z") : text;
  }

  /** Parses either format; an empty string is {@code null}. */
  public static Instant parse(String text) {
    return text == null || text.isEmpty() ? null : Instant.parse(text);
  }
}
