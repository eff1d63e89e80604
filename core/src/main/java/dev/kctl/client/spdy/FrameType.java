package dev.kctl.client.spdy;

import java.util.Optional;

/** The SPDY/3.1 control frame types and their codes on the wire. */
enum FrameType {
  SYN_STREAM(1),
  SYN_REPLY(2),
  RST_STREAM(3),
  SETTINGS(4),
  PING(6),
  GOAWAY(7),
  HEADERS(8),
  WINDOW_UPDATE(9);

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  /** The type of a code; empty for codes SPDY/3.1 does not define (receivers skip those frames). */
  static Optional<FrameType> of(int code) {
    for (FrameType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
