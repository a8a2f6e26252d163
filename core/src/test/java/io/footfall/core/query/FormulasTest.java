package io.footfall.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.query.Formulas.Part;
import io.footfall.core.query.Formulas.PartOf;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormulasTest {

  private static Formulas.Parts parts(Map<Part, Object> shared) {
    return p -> shared.get(p.part());
  }

  @Test
  void everyMetricNamesItsPartsAndEveryPartIsNeededBySomeMetric() {
    EnumMap<Part, Boolean> used = new EnumMap<>(Part.class);
    for (Metric.Kind k : Metric.Kind.values()) {
      Metric m = k.ofProperty() ? new Metric(k, "amount") : Metric.of(k);
      List<PartOf> parts = Formulas.parts(m, 3);
      assertThat(parts).as(k.apiName()).isNotEmpty();
      parts.forEach(p -> used.put(p.part(), true));
      parts.stream()
          .filter(p -> p.part().perMetric())
          .forEach(p -> assertThat(p.metric()).isEqualTo(3));
    }
    assertThat(used.keySet()).containsExactlyInAnyOrder(Part.values());
  }

  @Test
  void ratiosAreDividedExactlyAndRoundedHalfUp() {
    Map<Part, Object> p = new EnumMap<>(Part.class);
    p.put(Part.VISIT_COUNT, 3L);
    p.put(Part.BOUNCES, 1L);
    p.put(Part.VISIT_PAGEVIEWS, 5L);
    p.put(Part.DURATION_MICROS, 4_500_000L);
    p.put(Part.CONVERTED, 2L);
    p.put(Part.ALL_VISITORS, 3L);
    p.put(Part.REVENUE, new BigDecimal("10.005"));
    p.put(Part.ORDERS, 2L);
    assertThat(value(Metric.Kind.BOUNCE_RATE, p)).isEqualTo(new BigDecimal("33.3"));
    assertThat(value(Metric.Kind.VIEWS_PER_VISIT, p)).isEqualTo(new BigDecimal("1.67"));
    assertThat(value(Metric.Kind.VISIT_DURATION, p)).isEqualTo(2L);
    assertThat(value(Metric.Kind.CONVERSION_RATE, p)).isEqualTo(new BigDecimal("66.67"));
    assertThat(value(Metric.Kind.REVENUE, p)).isEqualTo(new BigDecimal("10.01"));
    assertThat(value(Metric.Kind.AVERAGE_ORDER_VALUE, p)).isEqualTo(new BigDecimal("5.00"));
  }

  @Test
  void undefinedRatiosAreNullAndEmptySumsAreZero() {
    Map<Part, Object> none = new EnumMap<>(Part.class);
    assertThat(value(Metric.Kind.BOUNCE_RATE, none)).isNull();
    assertThat(value(Metric.Kind.AVERAGE_ORDER_VALUE, none)).isNull();
    assertThat(value(Metric.Kind.VISITORS, none)).isEqualTo(0L);
    assertThat(value(Metric.Kind.REVENUE, none)).isEqualTo(new BigDecimal("0.00"));
    assertThat(Formulas.sortValue(Formulas.sortKey(Metric.of(Metric.Kind.REVENUE), 0), parts(none)))
        .isEqualTo(BigDecimal.ZERO);
    assertThat(
            Formulas.sortValue(
                Formulas.sortKey(Metric.of(Metric.Kind.BOUNCE_RATE), 0), parts(none)))
        .isNull();
  }

  @Test
  void quotientSortKeysSeparateWhatRoundsAlikeAndTieWhatIsEqual() {
    Metric rate = Metric.of(Metric.Kind.BOUNCE_RATE);
    BigDecimal third = key(rate, Map.of(Part.BOUNCES, 1L, Part.VISIT_COUNT, 3L));
    BigDecimal twoSixths = key(rate, Map.of(Part.BOUNCES, 2L, Part.VISIT_COUNT, 6L));
    BigDecimal nearThird =
        key(rate, Map.of(Part.BOUNCES, 333_333_334L, Part.VISIT_COUNT, 1_000_000_000L));
    assertThat(third).isEqualTo(twoSixths);
    assertThat(nearThird).isGreaterThan(third);
    assertThat(third).isEqualTo(new BigDecimal("333333333333333333"));
  }

  @Test
  void ratesChangeInPointsAndCountsInPercent() {
    assertThat(Formulas.change(Metric.of(Metric.Kind.BOUNCE_RATE), "40.0", "35.5"))
        .isEqualTo(new BigDecimal("4.5"));
    assertThat(Formulas.change(Metric.of(Metric.Kind.VISITORS), 150L, 100L))
        .isEqualTo(new BigDecimal("50.0"));
    assertThat(Formulas.change(Metric.of(Metric.Kind.VISITORS), 5L, 0L)).isNull();
    assertThat(Formulas.change(Metric.of(Metric.Kind.VISITORS), 0L, 0L))
        .isEqualTo(new BigDecimal("0.0"));
  }

  private static Object value(Metric.Kind kind, Map<Part, Object> p) {
    return Formulas.value(Metric.of(kind), 0, parts(p));
  }

  private static BigDecimal key(Metric m, Map<Part, Object> p) {
    return Formulas.sortValue(Formulas.sortKey(m, 0), parts(new EnumMap<>(p)));
  }
}
