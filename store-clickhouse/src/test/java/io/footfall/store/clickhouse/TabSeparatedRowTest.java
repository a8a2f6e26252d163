package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TabSeparatedRowTest {
  private static String encode(TabSeparatedRow row) {
    StringBuilder b = new StringBuilder();
    row.appendTo(b);
    return b.toString();
  }

  private static TabSeparatedRow decode(String line) {
    assertThat(line).endsWith("\n");
    return TabSeparatedRow.parse(line.substring(0, line.length() - 1));
  }

  @Test
  void writesTheEscapesTheServerWrites() {
    TabSeparatedRow row = TabSeparatedRow.of("a\\b\tc\nd\re\0f\bg\fh'i", "plain");

    assertThat(encode(row)).isEqualTo("a\\\\b\\tc\\nd\\re\\0f\\bg\\fh\\'i\tplain\n");
  }

  @Test
  void nullIsDistinctFromTheTextBackslashN() {
    TabSeparatedRow row = TabSeparatedRow.builder().nullValue().text("\\N").text("").build();

    assertThat(encode(row)).isEqualTo("\\N\t\\\\N\t\n");
    TabSeparatedRow back = decode(encode(row));
    assertThat(back.isNull(0)).isTrue();
    assertThat(back.nullable(0)).isEmpty();
    assertThat(back.text(1)).isEqualTo("\\N");
    assertThat(back.text(2)).isEmpty();
    assertThat(back).isEqualTo(row);
  }

  @Test
  void roundTripsHostileStrings() {
    for (String s : HostileStrings.ALL) {
      TabSeparatedRow row = TabSeparatedRow.of(s, s);
      assertThat(decode(encode(row))).as("row of %s", s).isEqualTo(row);
    }
  }

  @Test
  void roundTripsRandomText() {
    SplittableRandom random = new SplittableRandom(42);
    char[] alphabet = "\\\t\n\r\0\b\f'Nx0ab\u0007\u000B é😀".toCharArray();
    for (int n = 0; n < 10_000; n++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        s.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = s.toString();
      if (Utf16.firstUnpairedSurrogate(text) >= 0) {
        continue;
      }
      TabSeparatedRow row = TabSeparatedRow.of(text, "y");
      assertThat(decode(encode(row))).as("row of %s", text).isEqualTo(row);
    }
  }

  @Test
  void readsEscapesTheServerAcceptsButNeverWrites() {
    TabSeparatedRow row = TabSeparatedRow.parse("\\a\\v\\x41\\/\\z\tx\\Ny");

    assertThat(row.text(0)).isEqualTo("\u0007\u000BA/z");
    assertThat(row.text(1)).isEqualTo("xNy");
  }

  @Test
  void refusesMalformedEscapes() {
    assertThatThrownBy(() -> TabSeparatedRow.parse("abc\\"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a backslash ends the row");
    assertThatThrownBy(() -> TabSeparatedRow.parse("\\x4"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TabSeparatedRow.parse("\\xC3\\xA9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ASCII");
  }

  @Test
  void refusesAnUnpairedSurrogateWhenBuilt() {
    assertThatThrownBy(() -> TabSeparatedRow.of("ok", "\uDC00x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 1")
        .hasMessageContaining("index 0");
  }

  @Test
  void textOfANullFieldSaysWhichColumn() {
    TabSeparatedRow row = TabSeparatedRow.builder().text("a").nullValue().build();

    assertThatThrownBy(() -> row.text(1)).hasMessageContaining("column 1");
    assertThat(row.fields()).containsExactly(Optional.of("a"), Optional.empty());
  }

  @Test
  void theReaderSplitsRowsOnlyAtLineFeeds() throws IOException {
    byte[] body = "a\u000Bb\tc\n\\n\n\n".getBytes(StandardCharsets.UTF_8);
    TabSeparatedReader reader = new TabSeparatedReader(new ByteArrayInputStream(body));

    List<TabSeparatedRow> rows = new ArrayList<>();
    for (Optional<TabSeparatedRow> r = reader.next(); r.isPresent(); r = reader.next()) {
      rows.add(r.get());
    }

    assertThat(rows)
        .containsExactly(
            TabSeparatedRow.of("a\u000Bb", "c"), TabSeparatedRow.of("\n"), TabSeparatedRow.of(""));
  }

  @Test
  void theReaderRefusesACutOffAnswer() throws IOException {
    TabSeparatedReader reader =
        new TabSeparatedReader(
            new ByteArrayInputStream("1\t2\n3\t".getBytes(StandardCharsets.UTF_8)));

    assertThat(reader.next()).contains(TabSeparatedRow.of("1", "2"));
    assertThatThrownBy(reader::next)
        .isInstanceOf(ClickHouseException.class)
        .hasMessageContaining("ends inside row 2");
  }

  @Test
  void theReaderRefusesBytesThatAreNotUtf8() {
    TabSeparatedReader reader =
        new TabSeparatedReader(new ByteArrayInputStream(new byte[] {'a', (byte) 0xFF, '\n'}));

    assertThatThrownBy(reader::next)
        .isInstanceOf(ClickHouseException.class)
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void theBodyEncodesRowsAsUtf8() throws IOException {
    List<TabSeparatedRow> rows = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      TabSeparatedRow row = TabSeparatedRow.of("é" + i, "\t");
      rows.add(row);
      row.appendTo(expected);
    }

    try (TabSeparatedBody body = new TabSeparatedBody(rows)) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(expected.toString());
    }
  }
}
