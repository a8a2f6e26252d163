package io.footfall.server.export;

import io.footfall.server.query.StatsTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link StatsTable} as CSV (RFC 4180): UTF-8 without a byte-order mark, CRLF line ends, a
 * header row, fields quoted when they hold a comma, a quote, CR or LF, quotes doubled.
 *
 * <p>Columns: the dimensions' API names, then the metrics' API names; when the table compares
 * periods, then {@code comparison:<dimension>} (only for time buckets, which differ between the
 * periods), {@code comparison:<metric>} for each metric, and {@code change:<metric>} (percent, or
 * percentage points for rates; empty where undefined). Empty cells are undefined values.
 *
 * <p>Formula injection (OWASP "CSV injection"): a text cell that starts with {@code =}, {@code +},
 * {@code -}, {@code @} (or their full-width forms), a tab, a carriage return or a line feed, also
 * after leading spaces (spreadsheets skip them before looking for a formula), is written with a
 * leading apostrophe, so that a spreadsheet shows it as text instead of running it (a campaign
 * named {@code =HYPERLINK(...)} stays text). Every dimension value is text, whoever sent it. Metric
 * values are numbers the server computed and formatted itself, never text a visitor sent, so they
 * are written as numbers, a negative change included ({@code -12.5} stays a number a spreadsheet
 * can sum).
 */
public final class Csv {
  private Csv() {}

  /**
   * A table of text cells as CSV: the header, then the rows, every cell neutralised against formula
   * injection (numbers written as text are harmless: they start with a digit).
   */
  public static byte[] table(List<String> header, List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    line(out, header.stream().map(Csv::text).toList());
    for (List<String> row : rows) {
      line(out, row.stream().map(Csv::text).toList());
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] of(StatsTable t) {
    StringBuilder out = new StringBuilder();
    boolean compare = t.comparison().isPresent();
    List<String> header = new ArrayList<>(t.dimensions());
    header.addAll(t.metrics());
    List<Integer> timeColumns = new ArrayList<>();
    for (int i = 0; i < t.dimensions().size(); i++) {
      if (t.dimensions().get(i).startsWith("time:")) {
        timeColumns.add(i);
      }
    }
    if (compare) {
      timeColumns.forEach(i -> header.add("comparison:" + t.dimensions().get(i)));
      t.metrics().forEach(m -> header.add("comparison:" + m));
      t.metrics().forEach(m -> header.add("change:" + m));
    }
    line(out, header.stream().map(Csv::text).toList());
    for (StatsTable.Row row : t.rows()) {
      List<String> cells = new ArrayList<>();
      row.dimensions().forEach(d -> cells.add(text(d)));
      row.metrics().forEach(m -> cells.add(number(m)));
      if (compare) {
        StatsTable.Comparison c = row.comparison().orElseThrow();
        timeColumns.forEach(i -> cells.add(text(c.dimensions().get(i))));
        c.metrics().forEach(m -> cells.add(number(m)));
        c.change().forEach(m -> cells.add(number(m)));
      }
      line(out, cells);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quoted(cells.get(i)));
    }
    out.append("\r\n");
  }

  /** A field as RFC 4180 wants it: quoted when it holds a comma, a quote, CR or LF. */
  static String quoted(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\r') < 0
        && cell.indexOf('\n') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }

  /** Characters that make a spreadsheet read a cell as a formula, after any leading spaces. */
  private static final String FORMULA_STARTS = "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20";

  /** A text cell, neutralised against formula injection. */
  static String text(String value) {
    int i = 0;
    while (i < value.length()
        && FORMULA_STARTS.indexOf(value.charAt(i)) < 0
        && (Character.isWhitespace(value.charAt(i)) || Character.isSpaceChar(value.charAt(i)))) {
      i++;
    }
    if (i < value.length() && FORMULA_STARTS.indexOf(value.charAt(i)) >= 0) {
      return "'" + value;
    }
    return value;
  }

  /** A metric value: plain digits (no exponent), empty when undefined. */
  static String number(Object value) {
    return switch (value) {
      case null -> "";
      case BigDecimal d -> d.toPlainString();
      default -> value.toString();
    };
  }
}
