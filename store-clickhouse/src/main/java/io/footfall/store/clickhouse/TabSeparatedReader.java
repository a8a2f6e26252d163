package io.footfall.store.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads {@link TabSeparatedRow}s one by one from a streamed answer. The bytes are decoded as strict
 * UTF-8 (a malformed byte fails the read instead of becoming U+FFFD), and every row must end with a
 * line feed: ClickHouse always writes one, so text after the last line feed means the answer was
 * cut off, and it is refused rather than read as a short last row.
 */
final class TabSeparatedReader {
  private final Reader in;
  private final char[] buffer = new char[8192];
  private final StringBuilder line = new StringBuilder();
  private int pos;
  private int limit;
  private long rows;

  TabSeparatedReader(InputStream body) {
    this.in =
        new InputStreamReader(
            body,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  /**
   * The next row, or empty at the end of the answer.
   *
   * @throws ClickHouseException if the answer is not UTF-8, ends inside a row, or holds a malformed
   *     escape
   * @throws IOException if reading fails
   */
  Optional<TabSeparatedRow> next() throws IOException {
    line.setLength(0);
    while (true) {
      if (pos == limit) {
        try {
          limit = in.read(buffer);
        } catch (CharacterCodingException e) {
          throw new ClickHouseException(
              "the answer is not UTF-8 after " + rows + " rows: " + e.getMessage(), e);
        }
        pos = 0;
        if (limit < 0) {
          limit = 0;
          if (line.isEmpty()) {
            return Optional.empty();
          }
          throw new ClickHouseException(
              "the answer ends inside row " + (rows + 1) + " (no line feed after it): cut off?");
        }
      }
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      line.append(buffer, start, pos - start);
      if (pos < limit) {
        pos++;
        rows++;
        try {
          return Optional.of(TabSeparatedRow.parse(line));
        } catch (IllegalArgumentException e) {
          throw new ClickHouseException("row " + rows + " of the answer: " + e.getMessage(), e);
        }
      }
    }
  }
}
