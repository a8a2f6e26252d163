package io.footfall.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation shared by the records of this package. Length limits here match the metadata schema's
 * column widths: DuckDB ignores {@code VARCHAR(n)} while PostgreSQL enforces it, so the records
 * check them, and both engines accept and refuse the same values.
 */
final class Checks {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Checks() {}

  /** An identifier: 1 to 64 letters, digits, '_' or '-'. */
  static String id(String field, String value) {
    Objects.requireNonNull(value, field);
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be 1 to 64 letters, digits, '_' or '-', was '"
              + shorten(value)
              + "' ("
              + value.length()
              + " characters)");
    }
    return value;
  }

  /** Text that is not blank and at most {@code max} characters long. */
  static String required(String field, String value, int max) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return text(field, value, max);
  }

  /** Text, possibly empty, at most {@code max} characters long. */
  static String text(String field, String value, int max) {
    Objects.requireNonNull(value, field);
    if (value.length() > max) {
      throw new IllegalArgumentException(
          field + " must be at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  /**
   * A point in time at the precision both engines store ({@code TIMESTAMP} keeps microseconds), so
   * that what is read back equals what was written.
   */
  static Instant instant(String field, Instant value) {
    Objects.requireNonNull(value, field);
    return value.truncatedTo(ChronoUnit.MICROS);
  }

  /** A point in time that may be absent ({@code null} inside the classes that keep it private). */
  static Instant optionalInstant(Instant value) {
    return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
  }

  static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
