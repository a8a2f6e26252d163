package io.footfall.store.clickhouse;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Values written into SQL text as literals.
 *
 * <p><b>Why client-side.</b> ClickHouse 18.16 has no bound parameters: its HTTP interface learnt
 * {@code {name:Type}} placeholders with {@code param_name} URL parameters only in 19.x, and its
 * native protocol has none either. A value therefore reaches the server inside the query text, and
 * this class is the one place that puts it there.
 *
 * <p><b>Why this is safe.</b> Each method produces a token that the lexer of every ClickHouse
 * version reads back as exactly one literal of the intended value, whatever the input:
 *
 * <ul>
 *   <li>A string becomes {@code '...'} in which every backslash and single quote is escaped ({@code
 *       \\}, {@code \'}), so the literal can only end at the closing quote this class writes; every
 *       control character (U+0000 to U+001F and U+007F) is written as {@code \xHH}, so no NUL, line
 *       break or terminal escape appears raw in the query (or in the server's query log).
 *       Everything else, any Unicode character included, is written as its UTF-8, which the lexer
 *       takes byte for byte. Text that is not valid UTF-16 (an unpaired surrogate) is refused: it
 *       cannot be written as UTF-8 without being changed.
 *   <li>A negative number is wrapped in parentheses: {@code x - (-5)}, because {@code x - -5} would
 *       start a {@code --} comment and swallow the rest of the line.
 *   <li>Values a type cannot hold are refused rather than rounded: non-finite or subnormal doubles
 *       (18.16's parser rejects {@code 4.9E-324} as a syntax error, and {@code
 *       toFloat64('4.9E-324')} silently yields 0), decimals with more digits than {@code
 *       Decimal(38, scale)} holds, times outside {@code DateTime} or with a fraction of a second.
 * </ul>
 *
 * <p>{@code ClickHouseLiteralsTest} sends hostile strings (quotes, backslashes, NUL, line breaks,
 * comment and statement separators, emoji, right-to-left marks) through {@code SELECT <literal>} to
 * a real server and gets each back unchanged.
 */
public final class ClickHouseLiterals {
  /** The largest instant a ClickHouse {@code DateTime} holds: an unsigned 32-bit second count. */
  public static final Instant MAX_DATE_TIME = Instant.ofEpochSecond(0xFFFF_FFFFL);

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ClickHouseLiterals() {}

  /**
   * A {@code String} literal, such as {@code 'it\'s'}.
   *
   * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate
   */
  public static String string(String value) {
    int bad = Utf16.firstUnpairedSurrogate(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "a string literal cannot hold the unpaired surrogate at index "
              + bad
              + ": UTF-8 cannot carry it");
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '\'') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F) {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /** An integer literal; ClickHouse types it as the smallest integer type that holds it. */
  public static String int64(long value) {
    return value < 0 ? "(" + value + ")" : Long.toString(value);
  }

  /**
   * A {@code Float64} literal in Java's shortest round-trip form ({@code 0.1}, {@code 1.0E10}),
   * which reads back as the same double.
   *
   * @throws IllegalArgumentException if {@code value} is NaN, infinite or subnormal
   */
  public static String float64(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a Float64 literal cannot be " + value);
    }
    if (value != 0 && Math.abs(value) < Double.MIN_NORMAL) {
      throw new IllegalArgumentException(
          "the subnormal double "
              + value
              + " has no literal on ClickHouse 18.16 (its parser rejects it)");
    }
    String text = Double.toString(value);
    return text.startsWith("-") ? "(" + text + ")" : text;
  }

  /**
   * A {@code Decimal(38, scale)} value: {@code toDecimal128('12.5', 10)}. Through a string, so that
   * no digit passes through a double.
   *
   * @throws IllegalArgumentException if {@code scale} is outside 0 to 38, if {@code value} has more
   *     fractional digits than {@code scale} (it would be cut), or more than {@code 38 - scale}
   *     integer digits
   */
  public static String decimal128(BigDecimal value, int scale) {
    if (scale < 0 || scale > 38) {
      throw new IllegalArgumentException("Decimal128 scale must be 0 to 38, not " + scale);
    }
    BigDecimal plain = value.stripTrailingZeros();
    if (plain.scale() > scale) {
      throw new IllegalArgumentException(
          value.toPlainString() + " has more than " + scale + " decimal places");
    }
    int integerDigits = plain.precision() - plain.scale();
    if (integerDigits > 38 - scale) {
      throw new IllegalArgumentException(
          value.toPlainString()
              + " has more than "
              + (38 - scale)
              + " integer digits, the most Decimal(38, "
              + scale
              + ") holds");
    }
    String text = plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString();
    return "toDecimal128('" + text + "', " + scale + ")";
  }

  /**
   * A {@code DateTime('UTC')} value: {@code toDateTime(1700000000, 'UTC')}. From the epoch second
   * rather than from text, so the server's time zone never takes part.
   *
   * @throws IllegalArgumentException if {@code value} has a fraction of a second or lies outside
   *     1970-01-01T00:00:00Z to {@link #MAX_DATE_TIME}
   */
  public static String dateTime(Instant value) {
    if (value.getNano() != 0) {
      throw new IllegalArgumentException(
          value + " has a fraction of a second, which DateTime cannot hold");
    }
    if (value.isBefore(Instant.EPOCH) || value.isAfter(MAX_DATE_TIME)) {
      throw new IllegalArgumentException(
          value + " lies outside DateTime's range " + Instant.EPOCH + " to " + MAX_DATE_TIME);
    }
    return "toDateTime(" + value.getEpochSecond() + ", 'UTC')";
  }
}
