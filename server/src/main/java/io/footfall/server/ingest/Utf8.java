package io.footfall.server.ingest;

import java.util.Optional;

/**
 * Strict UTF-8 (RFC 3629) for request bodies. Jackson decodes overlong forms ({@code C0 AF} becomes
 * {@code /}) and encoded surrogates ({@code ED A0 80}) without complaint, so a body could smuggle a
 * character past a byte-level check or store text that other tools refuse; this check runs first
 * and finds the first byte that strict UTF-8 does not allow.
 */
final class Utf8 {
  private Utf8() {}

  /** Where and why a body stops being UTF-8. */
  record Invalid(int offset, String reason) {}

  /** The first offending byte of {@code bytes}, or empty if all of it is strict UTF-8. */
  static Optional<Invalid> firstInvalid(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      int length;
      int lowest = 0x80; // allowed range of the second byte; the rest are always 80..BF
      int highest = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
      } else if (b >= 0xE0 && b <= 0xEF) {
        length = 3;
        if (b == 0xE0) {
          lowest = 0xA0; // below: an overlong form
        } else if (b == 0xED) {
          highest = 0x9F; // above: a surrogate (U+D800..U+DFFF)
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        length = 4;
        if (b == 0xF0) {
          lowest = 0x90; // below: an overlong form
        } else if (b == 0xF4) {
          highest = 0x8F; // above: beyond U+10FFFF
        }
      } else if (b == 0xC0 || b == 0xC1) {
        return Optional.of(new Invalid(i, "overlong encoding"));
      } else if (b >= 0x80 && b <= 0xBF) {
        return Optional.of(new Invalid(i, "continuation byte without a lead byte"));
      } else {
        return Optional.of(new Invalid(i, "byte 0x" + Integer.toHexString(b) + " never occurs"));
      }
      if (i + length > n) {
        return Optional.of(new Invalid(i, "truncated sequence"));
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < lowest || second > highest) {
        boolean continuation = second >= 0x80 && second <= 0xBF;
        String reason =
            !continuation
                ? "truncated sequence"
                : b == 0xED
                    ? "encoded surrogate"
                    : b == 0xF4 ? "beyond U+10FFFF" : "overlong encoding";
        return Optional.of(new Invalid(i, reason));
      }
      for (int k = 2; k < length; k++) {
        int c = bytes[i + k] & 0xFF;
        if (c < 0x80 || c > 0xBF) {
          return Optional.of(new Invalid(i, "truncated sequence"));
        }
      }
      i += length;
    }
    return Optional.empty();
  }
}
