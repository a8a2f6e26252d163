package io.footfall.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void quotesOnlyFieldsThatNeedItAndDoublesQuotes() {
    assertThat(Csv.quoted("plain")).isEqualTo("plain");
    assertThat(Csv.quoted("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.quoted("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.quoted("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    assertThat(CsvReader.parse(Csv.quoted("x,\"y\"\n") + "\r\n"))
        .containsExactly(java.util.List.of("x,\"y\"\n"));
  }

  @Test
  void neutralisesTextThatASpreadsheetWouldRunAsAFormula() {
    for (String formula :
        new String[] {
          "=1+1",
          "+1",
          "-1",
          "@SUM(A1)",
          "\tx",
          "\rx",
          "\nx",
          "=HYPERLINK(\"http://x\")",
          " =1+1",
          "   -2+3",
          "\u00A0@SUM(A1)",
          "\uFF1D1+1"
        }) {
      assertThat(Csv.text(formula)).as(formula).isEqualTo("'" + formula);
    }
    assertThat(Csv.text("/pricing")).isEqualTo("/pricing");
    assertThat(Csv.text("a=b")).isEqualTo("a=b");
    assertThat(Csv.text("  spaced")).isEqualTo("  spaced");
    assertThat(Csv.text("   ")).isEqualTo("   ");
    assertThat(Csv.text("")).isEmpty();
  }

  @Test
  void writesNumbersAsNumbersNegativeOnesIncluded() {
    assertThat(Csv.number(new BigDecimal("-12.5"))).isEqualTo("-12.5");
    assertThat(Csv.number(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(Csv.number(42L)).isEqualTo("42");
    assertThat(Csv.number(null)).isEmpty();
  }
}
