package io.footfall.server.logging;

/**
 * Makes text safe to write into a one-line-per-event log: every character that could end a line or
 * drive a terminal is written as an escape, so text a client sent (an email address, a path, a
 * name) can never start a line of its own and pass for another log event.
 *
 * <p>Escaped are the C0 controls (U+0000 to U+001F, tab included), DEL, the C1 controls (U+0080 to
 * U+009F, NEL included) and the Unicode line and paragraph separators (U+2028, U+2029): CR, LF and
 * tab as {@code \r}, {@code \n}, {@code \t}, the others as a backslash, {@code u} and the four hex
 * digits of the character (NUL becomes backslash-u-0000). Everything else, backslashes included, is
 * kept as it is: the point is that no forged line can appear, not that the escaping can be
 * reversed.
 *
 * <p>Logback applies this to every message and every exception message through {@link
 * EscapedMessageConverter} and {@link EscapedThrowableConverter} (see {@code logback.xml}), so a
 * log call needs no escaping of its own.
 */
public final class LogText {
  private LogText() {}

  /** The text with every control character escaped; {@code null} stays {@code null}. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    out.append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!unsafe(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (unsafe(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean unsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
