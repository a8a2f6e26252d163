package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertyArraysTest {
  @Test
  void readsEscapedKeysAndValuesAsTheirText() {
    PropertyArrays p =
        PropertyArrays.of("{\"a\\\"b\": \"x\\ty\", \"caf\\u00e9\":\"\\u2603\", \"n\": true}");

    assertThat(p.keys()).containsExactly("a\"b", "café", "n");
    assertThat(p.texts()).containsExactly("x\ty", "☃", "true");
    assertThat(p.numberKeys()).isEmpty();
  }

  @Test
  void theLastOfDuplicateKeysWinsAndNullIsAbsent() {
    PropertyArrays p = PropertyArrays.of("{\"k\":\"first\",\"gone\":null,\"k\":\"last\"}");

    assertThat(p.keys()).containsExactly("k");
    assertThat(p.texts()).containsExactly("last");
  }

  @Test
  void numbersAreJsonNumbersAndDecimalStringsRoundedToTenPlaces() {
    PropertyArrays p =
        PropertyArrays.of(
            "{\"i\":-12,\"e\":1.5e3,\"s\":\" 7\",\"d\":\".5\",\"p\":\"+3.\",\"x\":\"1e3\","
                + "\"long\":0.123456789012345}");

    assertThat(p.texts())
        .containsExactly("-12", "1.5e3", " 7", ".5", "+3.", "1e3", "0.123456789012345");
    assertThat(p.numberKeys()).containsExactly("i", "e", "d", "p", "long");
    assertThat(p.numbers())
        .containsExactly(
            new BigDecimal("-12"),
            new BigDecimal("1500"),
            new BigDecimal("0.5"),
            new BigDecimal("3"),
            new BigDecimal("0.1234567890"));
  }

  @Test
  void nestedValuesKeepTheirJsonText() {
    PropertyArrays p = PropertyArrays.of("{\"o\":{\"a\":[1,\"}\"]},\"z\":1}");

    assertThat(p.keys()).containsExactly("o", "z");
    assertThat(p.texts()).containsExactly("{\"a\":[1,\"}\"]}", "1");
  }

  @Test
  void textThatIsNotAnObjectHasNoProperties() {
    for (String bad : List.of("", "[]", "{\"a\":}", "{\"a\":1", "null", "{\"a\":nope}")) {
      assertThat(PropertyArrays.of(bad)).as(bad).isEqualTo(PropertyArrays.NONE);
    }
    assertThat(PropertyArrays.of("{}")).isEqualTo(PropertyArrays.NONE);
  }
}
