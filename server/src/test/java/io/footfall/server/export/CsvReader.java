package io.footfall.server.export;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for the tests, written apart from {@link Csv}: CRLF between records,
 * quoted fields with doubled quotes, and nothing else accepted.
 */
public final class CsvReader {
  private CsvReader() {}

  public static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    boolean quoted = false;
    boolean fieldStart = true;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        field.append(c);
        i++;
        continue;
      }
      if (c == '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
        i++;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        fieldStart = true;
        i++;
      } else if (c == '\r') {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
          throw new IllegalArgumentException("bare CR at " + i);
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        fieldStart = true;
        i += 2;
      } else if (c == '\n' || c == '"') {
        throw new IllegalArgumentException("unquoted " + (int) c + " at " + i);
      } else {
        field.append(c);
        fieldStart = false;
        i++;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote");
    }
    if (!record.isEmpty() || field.length() > 0) {
      throw new IllegalArgumentException("last record lacks its CRLF");
    }
    return records;
  }
}
