package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClickHouseLiteralsTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static ClickHouseHttp client;

  @BeforeAll
  static void connect() {
    client = clickhouse.client();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static String selectOne(String expression) {
    return client.select("SELECT " + expression).getFirst().text(0);
  }

  @Test
  void hostileStringsComeBackUnchangedFromTheServer() {
    for (String s : HostileStrings.ALL) {
      assertThat(selectOne(ClickHouseLiterals.string(s))).as("literal %s", s).isEqualTo(s);
    }
  }

  @Test
  void aStringLiteralIsOneTokenEvenBeforeMoreSql() {
    String hostile = "x' AS a, 'y";
    TabSeparatedRow row =
        client.select("SELECT " + ClickHouseLiterals.string(hostile) + " AS a, 'z'").getFirst();

    assertThat(row.size()).isEqualTo(2);
    assertThat(row.text(0)).isEqualTo(hostile);
  }

  @Test
  void writesControlCharactersAsHexEscapes() {
    assertThat(ClickHouseLiterals.string("a'b\\c\0\n\u007Fé"))
        .isEqualTo("'a\\'b\\\\c\\x00\\x0A\\x7Fé'");
  }

  @Test
  void refusesAnUnpairedSurrogate() {
    assertThatThrownBy(() -> ClickHouseLiterals.string("ok\uD800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 2");
  }

  @Test
  void aNegativeNumberAfterAMinusIsNotAComment() {
    assertThat(selectOne("1 -" + ClickHouseLiterals.int64(-5))).isEqualTo("6");
    assertThat(selectOne("1 -" + ClickHouseLiterals.float64(-0.5))).isEqualTo("1.5");
  }

  @Test
  void integersComeBackExactly() {
    for (long v : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 4_294_967_296L}) {
      assertThat(selectOne("toString(" + ClickHouseLiterals.int64(v) + ")"))
          .isEqualTo(Long.toString(v));
    }
  }

  @Test
  void doublesComeBackAsTheSameDouble() {
    for (double v :
        new double[] {
          0.0, 0.1, -0.1, 1e10, 1.5e-10, 1.7976931348623157e308, Double.MIN_NORMAL, 123456.789
        }) {
      assertThat(Double.parseDouble(selectOne(ClickHouseLiterals.float64(v))))
          .as("literal %s", ClickHouseLiterals.float64(v))
          .isEqualTo(v);
    }
  }

  @Test
  void refusesDoublesWithoutALiteral() {
    for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE}) {
      assertThatThrownBy(() -> ClickHouseLiterals.float64(v))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void decimalsComeBackExactly() {
    // 18.16 prints the scale's trailing zeros (12.5000000000), current versions do not (12.5).
    for (String v : List.of("12.5", "-1234567890123456789012345678.0000000001", "0", "1E+3")) {
      BigDecimal value = new BigDecimal(v);
      assertThat(new BigDecimal(selectOne(ClickHouseLiterals.decimal128(value, 10))))
          .as("literal %s", ClickHouseLiterals.decimal128(value, 10))
          .isEqualByComparingTo(value);
    }
    assertThat(selectOne(ClickHouseLiterals.decimal128(new BigDecimal("1E+3"), 0)))
        .isEqualTo("1000");
  }

  @Test
  void refusesDecimalsThatWouldBeCutOrOverflow() {
    assertThatThrownBy(() -> ClickHouseLiterals.decimal128(new BigDecimal("0.123"), 2))
        .hasMessageContaining("more than 2 decimal places");
    assertThatThrownBy(() -> ClickHouseLiterals.decimal128(new BigDecimal("1E+28"), 10))
        .hasMessageContaining("more than 28 integer digits");
    assertThatThrownBy(() -> ClickHouseLiterals.decimal128(BigDecimal.ONE, 39))
        .hasMessageContaining("scale must be 0 to 38");
  }

  @Test
  void dateTimesAreUtcWhateverTheServerZone() {
    Instant t = Instant.parse("2024-03-01T23:30:00Z");
    assertThat(selectOne("toUnixTimestamp(" + ClickHouseLiterals.dateTime(t) + ")"))
        .isEqualTo(Long.toString(t.getEpochSecond()));
    assertThat(
            selectOne(
                "toString(toTimeZone(" + ClickHouseLiterals.dateTime(t) + ", 'Europe/Berlin'))"))
        .isEqualTo("2024-03-02 00:30:00");
    assertThat(
            selectOne(
                "toUnixTimestamp("
                    + ClickHouseLiterals.dateTime(ClickHouseLiterals.MAX_DATE_TIME)
                    + ")"))
        .isEqualTo("4294967295");
  }

  @Test
  void refusesTimesDateTimeCannotHold() {
    assertThatThrownBy(() -> ClickHouseLiterals.dateTime(Instant.ofEpochSecond(10, 1)))
        .hasMessageContaining("fraction of a second");
    assertThatThrownBy(() -> ClickHouseLiterals.dateTime(Instant.ofEpochSecond(-1)))
        .hasMessageContaining("outside");
    assertThatThrownBy(
            () -> ClickHouseLiterals.dateTime(ClickHouseLiterals.MAX_DATE_TIME.plusSeconds(1)))
        .hasMessageContaining("outside");
  }
}
