package io.footfall.server.net;

/**
 * The scheme of a URL, checked once for the two places that take URLs apart (referrer parsing and
 * PII scrubbing), so that both agree on what counts as an absolute URL.
 */
public final class UrlScheme {
  private UrlScheme() {}

  /**
   * Whether {@code text} before {@code end} (the index of the colon, at least 1) is a URL scheme
   * (RFC 3986: a letter, then letters, digits, {@code +}, {@code -} or {@code .}).
   */
  public static boolean isScheme(String text, int end) {
    if (!Character.isLetter(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = text.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }
}
