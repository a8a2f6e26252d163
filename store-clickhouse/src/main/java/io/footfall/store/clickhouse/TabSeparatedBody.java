package io.footfall.store.clickhouse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * An insert's body, encoded row by row as the HTTP client reads it, so that only one row's bytes
 * exist at a time besides the rows themselves. The rows are checked (width) before the first byte
 * is sent; see {@link ClickHouseHttp#insert} for why.
 */
final class TabSeparatedBody extends InputStream {
  private final Iterator<TabSeparatedRow> rows;
  private final StringBuilder text = new StringBuilder();
  private byte[] chunk = new byte[0];
  private int pos;

  TabSeparatedBody(List<TabSeparatedRow> rows) {
    this.rows = rows.iterator();
  }

  @Override
  public int read() {
    if (!fill()) {
      return -1;
    }
    return chunk[pos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len && fill()) {
      int take = Math.min(len - n, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off + n, take);
      pos += take;
      n += take;
    }
    return n == 0 ? -1 : n;
  }

  /** Encodes rows until unread bytes exist; false at the end. */
  private boolean fill() {
    while (pos == chunk.length) {
      if (!rows.hasNext()) {
        return false;
      }
      text.setLength(0);
      // Up to 64 rows at a time: fewer, larger reads for the HTTP client.
      for (int i = 0; i < 64 && rows.hasNext(); i++) {
        rows.next().appendTo(text);
      }
      chunk = text.toString().getBytes(StandardCharsets.UTF_8);
      pos = 0;
    }
    return true;
  }
}
