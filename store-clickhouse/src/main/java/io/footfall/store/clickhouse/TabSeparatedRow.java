package io.footfall.store.clickhouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row in ClickHouse's {@code TabSeparated} format: the fields as text, where SQL {@code NULL}
 * is distinct from every string (the empty string and the two characters {@code \N} included). Rows
 * come back from {@link ClickHouseHttp#select} and go into {@link ClickHouseHttp#insert}.
 *
 * <p>The encoding is ClickHouse's: fields are separated by a tab and rows end with a line feed;
 * inside a field, backslash, tab, line feed, carriage return, NUL, backspace, form feed and the
 * single quote are written as {@code \\ \t \n \r \0 \b \f \'} (exactly what the server writes), and
 * a field that is exactly {@code \N} is {@code NULL}. Reading accepts everything the server
 * accepts: also {@code \a}, {@code \v}, {@code \xHH} for ASCII, and a backslash before any other
 * character standing for that character. A row ends only at a line feed; a carriage return in a
 * field is always escaped, so it never splits a row.
 *
 * <p>Every field must be encodable as UTF-8 (no unpaired surrogate): such a string would reach the
 * server as a replacement character, silently changed, so it is refused when the row is built.
 */
public final class TabSeparatedRow {
  private final String[] fields;
  // Which fields are an array's text, already in ClickHouse's quoted form (null when none are).
  private final boolean[] arrays;

  private TabSeparatedRow(String[] fields) {
    this(fields, null);
  }

  private TabSeparatedRow(String[] fields, boolean[] arrays) {
    this.fields = fields;
    this.arrays = arrays;
  }

  /** A row of the given texts, none of them {@code NULL}; use {@link #builder()} for NULLs. */
  public static TabSeparatedRow of(String... fields) {
    Builder b = builder();
    for (String f : fields) {
      b.text(Objects.requireNonNull(f, "field; use builder().nullValue() for NULL"));
    }
    return b.build();
  }

  /** A builder adding fields left to right. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of fields. */
  public int size() {
    return fields.length;
  }

  /** Whether the field at {@code column} (from 0) is SQL {@code NULL}. */
  public boolean isNull(int column) {
    return fields[checkIndex(column)] == null;
  }

  /**
   * The text of the field at {@code column} (from 0).
   *
   * @throws IllegalStateException if the field is {@code NULL}
   */
  public String text(int column) {
    String f = fields[checkIndex(column)];
    if (f == null) {
      throw new IllegalStateException("column " + column + " of " + this + " is NULL");
    }
    return f;
  }

  /** The text of the field at {@code column} (from 0), empty when it is {@code NULL}. */
  public Optional<String> nullable(int column) {
    return Optional.ofNullable(fields[checkIndex(column)]);
  }

  /**
   * The field at {@code column} (from 0) read as a signed 64-bit integer.
   *
   * @throws NumberFormatException if it is not one
   * @throws IllegalStateException if the field is {@code NULL}
   */
  public long int64(int column) {
    return Long.parseLong(text(column));
  }

  /** The fields as a list, with {@code Optional.empty()} for each {@code NULL}. */
  public List<Optional<String>> fields() {
    List<Optional<String>> list = new ArrayList<>(fields.length);
    for (String f : fields) {
      list.add(Optional.ofNullable(f));
    }
    return List.copyOf(list);
  }

  /** Appends this row in {@code TabSeparated} form, line feed included. */
  void appendTo(StringBuilder out) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      if (fields[i] == null) {
        out.append("\\N");
      } else if (arrays != null && arrays[i]) {
        // An array field is read in its quoted form, with no escaping of the field around it
        // (measured on 18.16 and 26.7); its text holds no tab or line feed.
        out.append(fields[i]);
      } else {
        escape(fields[i], out);
      }
    }
    out.append('\n');
  }

  /**
   * Reads one row from its {@code TabSeparated} text, without the line feed that ends it.
   *
   * @throws IllegalArgumentException if an escape is malformed (a backslash at the end, {@code \x}
   *     without two hex digits or for a byte past ASCII, which cannot stand alone in a Java string)
   */
  static TabSeparatedRow parse(CharSequence line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t') {
        out.add(field(line, start, i, field));
        field.setLength(0);
        start = i + 1;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException("a backslash ends the row at offset " + i);
        }
        char e = line.charAt(++i);
        switch (e) {
          case 'b' -> field.append('\b');
          case 'f' -> field.append('\f');
          case 'n' -> field.append('\n');
          case 'r' -> field.append('\r');
          case 't' -> field.append('\t');
          case '0' -> field.append('\0');
          case 'a' -> field.append('\u0007');
          case 'v' -> field.append('\u000B');
          case 'x' -> {
            int hex = i + 2 < line.length() ? hexByte(line.charAt(i + 1), line.charAt(i + 2)) : -1;
            if (hex < 0 || hex > 0x7F) {
              throw new IllegalArgumentException(
                  "\\x at offset " + (i - 1) + " is not followed by two hex digits of ASCII");
            }
            field.append((char) hex);
            i += 2;
          }
          default -> field.append(e);
        }
      } else {
        field.append(c);
      }
    }
    out.add(field(line, start, line.length(), field));
    return new TabSeparatedRow(out.toArray(String[]::new));
  }

  private static String field(CharSequence line, int start, int end, StringBuilder decoded) {
    boolean isNull =
        end - start == 2 && line.charAt(start) == '\\' && line.charAt(start + 1) == 'N';
    return isNull ? null : decoded.toString();
  }

  private static int hexByte(char hi, char lo) {
    int h = Character.digit(hi, 16);
    int l = Character.digit(lo, 16);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }

  private static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\0' -> out.append("\\0");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\'' -> out.append("\\'");
        default -> out.append(c);
      }
    }
  }

  private int checkIndex(int column) {
    return Objects.checkIndex(column, fields.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TabSeparatedRow r
        && Arrays.equals(fields, r.fields)
        && Arrays.equals(arrays, r.arrays);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fields);
  }

  /** The row as ClickHouse writes it, without the line feed. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    appendTo(b);
    return b.substring(0, b.length() - 1);
  }

  /** Adds fields left to right; {@link #build()} may be called once per row. */
  public static final class Builder {
    private final List<String> fields = new ArrayList<>();
    private final java.util.BitSet arrays = new java.util.BitSet();

    private Builder() {}

    /**
     * Adds a text field.
     *
     * @throws IllegalArgumentException if it holds an unpaired surrogate (not encodable as UTF-8)
     */
    public Builder text(String value) {
      Objects.requireNonNull(value, "value");
      int bad = Utf16.firstUnpairedSurrogate(value);
      if (bad >= 0) {
        throw new IllegalArgumentException(
            "field "
                + fields.size()
                + " holds an unpaired surrogate at index "
                + bad
                + ", which UTF-8 cannot carry");
      }
      fields.add(value);
      return this;
    }

    /** Adds a decimal integer field. */
    public Builder number(long value) {
      fields.add(Long.toString(value));
      return this;
    }

    /**
     * Adds an {@code Array(Nullable(String))} field; a null element is {@code NULL}.
     *
     * @throws IllegalArgumentException if an element holds an unpaired surrogate
     */
    public Builder stringArray(List<String> elements) {
      StringBuilder text = new StringBuilder("[");
      for (String e : elements) {
        if (text.length() > 1) {
          text.append(',');
        }
        // The literal escapes every control character as \xHH: no tab or line feed.
        text.append(e == null ? "NULL" : ClickHouseLiterals.string(e));
      }
      arrays.set(fields.size());
      fields.add(text.append(']').toString());
      return this;
    }

    /** Adds an {@code Array(Nullable(Decimal(P, S)))} field; a null element is {@code NULL}. */
    public Builder decimalArray(List<java.math.BigDecimal> elements) {
      StringBuilder text = new StringBuilder("[");
      for (java.math.BigDecimal e : elements) {
        if (text.length() > 1) {
          text.append(',');
        }
        text.append(e == null ? "NULL" : e.toPlainString());
      }
      arrays.set(fields.size());
      fields.add(text.append(']').toString());
      return this;
    }

    /** Adds a SQL {@code NULL}. */
    public Builder nullValue() {
      fields.add(null);
      return this;
    }

    /**
     * The row.
     *
     * @throws IllegalStateException if no field was added: ClickHouse has no row of zero columns
     */
    public TabSeparatedRow build() {
      if (fields.isEmpty()) {
        throw new IllegalStateException("a row needs at least one field");
      }
      boolean[] flags = null;
      if (!arrays.isEmpty()) {
        flags = new boolean[fields.size()];
        for (int i = arrays.nextSetBit(0); i >= 0; i = arrays.nextSetBit(i + 1)) {
          flags[i] = true;
        }
      }
      return new TabSeparatedRow(fields.toArray(String[]::new), flags);
    }
  }
}
