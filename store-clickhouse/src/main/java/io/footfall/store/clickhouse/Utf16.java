package io.footfall.store.clickhouse;

/** What UTF-16 strings need checking before they become UTF-8 bytes. */
final class Utf16 {
  private Utf16() {}

  /**
   * The index of the first surrogate without its pair in {@code text}, or {@code -1}. Java's
   * encoder would turn it into {@code ?} without a word, so callers refuse such text instead.
   */
  static int firstUnpairedSurrogate(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
