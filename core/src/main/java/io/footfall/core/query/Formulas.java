package io.footfall.core.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one table of metric formulas: which parts a metric is computed from, how its value follows
 * from them (divided and rounded as docs/metrics.md says), what a report sorts it by, what it is
 * when nothing matched and how its change against another period is expressed.
 *
 * <p>Design note. A store computes <em>parts</em>, never values: sums and distinct counts that SQL
 * (query-sql's compiler) or pre-aggregated data (the embedded store's rollups) can produce, and
 * that add up the same way on every backend. Every store then turns parts into values and sort keys
 * through this table, so a metric's formula lives here only and rounding is exact and identical
 * everywhere ({@link BigDecimal}, half up). The oracle in the test jar does not use this class: it
 * computes every metric independently from the raw events.
 */
public final class Formulas {

  private Formulas() {}

  /** The numbers a report row carries, from which metric values are computed. */
  public enum Part {
    /** Distinct visitors among the matching events. */
    VISITORS,
    /** Distinct visits among the matching events. */
    VISITS,
    /** Matching page views. */
    PAGEVIEWS,
    /** Matching events. */
    EVENTS,
    /** Matching events that complete a goal. */
    CONVERSIONS,
    /** Matching events with revenue in the query's currency. */
    ORDERS,
    /** Their revenue, exact decimal. */
    REVENUE,
    /** Distinct visitors with a conversion. */
    CONVERTED,
    /** Distinct visitors of the group with the goal filters dropped (conversion rate's base). */
    ALL_VISITORS,
    /** Visits, counted over whole visits (the base of the visit metrics). */
    VISIT_COUNT,
    /** Page views of those visits. */
    VISIT_PAGEVIEWS,
    /** Those visits that were one page view and nothing else. */
    BOUNCES,
    /** Their summed length in microseconds. */
    DURATION_MICROS,
    /** A numeric property's sum over the events carrying it. */
    PROPERTY_SUM,
    /** How many events carry the numeric property. */
    PROPERTY_COUNT,
    /** Its smallest value. */
    PROPERTY_MIN,
    /** Its largest value. */
    PROPERTY_MAX,
    /** Its quantile (the median for p50, the 95th percentile for p95). */
    PROPERTY_QUANTILE;

    /** Whether the part belongs to one metric of the query (a property's aggregate). */
    public boolean perMetric() {
      return switch (this) {
        case PROPERTY_SUM, PROPERTY_COUNT, PROPERTY_MIN, PROPERTY_MAX, PROPERTY_QUANTILE -> true;
        default -> false;
      };
    }
  }

  /**
   * A part as a query needs it: property parts belong to the metric at position {@code metric}; the
   * other parts are shared by every metric and have {@code metric} -1.
   */
  public record PartOf(Part part, int metric) {
    public PartOf {
      Objects.requireNonNull(part, "part");
      if (part.perMetric() != metric >= 0) {
        throw new IllegalArgumentException(part + " with metric " + metric);
      }
    }

    static PartOf shared(Part part) {
      return new PartOf(part, -1);
    }
  }

  /** A row's parts: integers ({@code Number}) or exact decimals; null where nothing was summed. */
  @FunctionalInterface
  public interface Parts {
    Object get(PartOf part);
  }

  /**
   * What a report sorts a metric by. Quotients are sorted by their exact value, not their rounded
   * one, so that metrics which display alike but differ still sort apart.
   */
  public sealed interface SortKey {
    /** A part itself; {@code nullAsZero} when an empty sum sorts as 0 (money), else last. */
    record Of(PartOf part, boolean nullAsZero) implements SortKey {}

    /**
     * {@code floor(numerator × 10^18 / denominator)}, null when the denominator is 0: equal
     * quotients tie (and fall to the dimensions), quotients of counts below 10^9 that differ at all
     * differ here. {@code decimal} when the numerator is an exact decimal (at most 10 places).
     */
    record Quotient(PartOf numerator, PartOf denominator, boolean decimal) implements SortKey {}
  }

  /** The scale of {@link SortKey.Quotient}. */
  public static final BigInteger QUOTIENT_SCALE = BigInteger.TEN.pow(18);

  /** The parts the metric at position {@code i} of a query is computed from. */
  public static List<PartOf> parts(Metric m, int i) {
    return switch (m.kind()) {
      case VISITORS -> shared(Part.VISITORS);
      case VISITS -> shared(Part.VISITS);
      case PAGEVIEWS -> shared(Part.PAGEVIEWS);
      case EVENTS -> shared(Part.EVENTS);
      case CONVERSIONS -> shared(Part.CONVERSIONS);
      case ORDERS -> shared(Part.ORDERS);
      case REVENUE -> shared(Part.REVENUE);
      case AVERAGE_ORDER_VALUE -> shared(Part.REVENUE, Part.ORDERS);
      case CONVERSION_RATE -> shared(Part.CONVERTED, Part.ALL_VISITORS);
      case VIEWS_PER_VISIT -> shared(Part.VISIT_PAGEVIEWS, Part.VISIT_COUNT);
      case BOUNCE_RATE -> shared(Part.BOUNCES, Part.VISIT_COUNT);
      case VISIT_DURATION -> shared(Part.DURATION_MICROS, Part.VISIT_COUNT);
      case SUM -> List.of(new PartOf(Part.PROPERTY_SUM, i));
      case MIN -> List.of(new PartOf(Part.PROPERTY_MIN, i));
      case MAX -> List.of(new PartOf(Part.PROPERTY_MAX, i));
      case P50, P95 -> List.of(new PartOf(Part.PROPERTY_QUANTILE, i));
      case AVG -> List.of(new PartOf(Part.PROPERTY_SUM, i), new PartOf(Part.PROPERTY_COUNT, i));
    };
  }

  /** The parts every metric of the query needs, each once, in the order of the metrics. */
  public static List<PartOf> parts(List<Metric> metrics) {
    List<PartOf> out = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      for (PartOf p : parts(metrics.get(i), i)) {
        if (!out.contains(p)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /**
   * The value of the metric at position {@code i}: {@code Long} for counts, {@code BigDecimal} for
   * rates, averages, money and property aggregates, null where undefined (no visits, no orders).
   */
  public static Object value(Metric m, int i, Parts p) {
    return switch (m.kind()) {
      case VISITORS, VISITS, PAGEVIEWS, EVENTS, CONVERSIONS, ORDERS -> count(p, single(m, i));
      case VIEWS_PER_VISIT ->
          ratio(decimal(p, Part.VISIT_PAGEVIEWS), decimal(p, Part.VISIT_COUNT), 2);
      case BOUNCE_RATE ->
          ratio(decimal(p, Part.BOUNCES).multiply(HUNDRED), decimal(p, Part.VISIT_COUNT), 1);
      case VISIT_DURATION -> {
        BigDecimal d =
            ratio(
                decimal(p, Part.DURATION_MICROS),
                decimal(p, Part.VISIT_COUNT).multiply(MILLION),
                0);
        yield d == null ? null : d.longValueExact();
      }
      case CONVERSION_RATE ->
          ratio(decimal(p, Part.CONVERTED).multiply(HUNDRED), decimal(p, Part.ALL_VISITORS), 2);
      case REVENUE -> decimal(p, Part.REVENUE).setScale(2, RoundingMode.HALF_UP);
      case AVERAGE_ORDER_VALUE -> ratio(decimal(p, Part.REVENUE), decimal(p, Part.ORDERS), 2);
      case SUM, MIN, MAX, P50, P95 -> scaled(p.get(single(m, i)));
      case AVG ->
          ratio(
              asDecimal(p.get(new PartOf(Part.PROPERTY_SUM, i))),
              asDecimal(p.get(new PartOf(Part.PROPERTY_COUNT, i))),
              4);
    };
  }

  /** What the metric at position {@code i} is sorted by. */
  public static SortKey sortKey(Metric m, int i) {
    return switch (m.kind()) {
      case VISITORS, VISITS, PAGEVIEWS, EVENTS, CONVERSIONS, ORDERS, SUM, MIN, MAX, P50, P95 ->
          new SortKey.Of(single(m, i), false);
      case REVENUE -> new SortKey.Of(PartOf.shared(Part.REVENUE), true);
      case VIEWS_PER_VISIT -> quotient(Part.VISIT_PAGEVIEWS, Part.VISIT_COUNT, false);
      case BOUNCE_RATE -> quotient(Part.BOUNCES, Part.VISIT_COUNT, false);
      case VISIT_DURATION -> quotient(Part.DURATION_MICROS, Part.VISIT_COUNT, false);
      case CONVERSION_RATE -> quotient(Part.CONVERTED, Part.ALL_VISITORS, false);
      case AVERAGE_ORDER_VALUE -> quotient(Part.REVENUE, Part.ORDERS, true);
      case AVG ->
          new SortKey.Quotient(
              new PartOf(Part.PROPERTY_SUM, i), new PartOf(Part.PROPERTY_COUNT, i), true);
    };
  }

  /**
   * The exact value of a sort key, for stores that sort rows themselves; null sorts last. A SQL
   * store computes the same number in SQL (query-sql renders {@link SortKey} with its dialect).
   */
  public static BigDecimal sortValue(SortKey key, Parts p) {
    return switch (key) {
      case SortKey.Of(PartOf part, boolean nullAsZero) -> {
        Object v = p.get(part);
        yield v == null ? (nullAsZero ? BigDecimal.ZERO : null) : asDecimal(v);
      }
      case SortKey.Quotient(PartOf numerator, PartOf denominator, boolean decimal) -> {
        BigDecimal d = asDecimal(p.get(denominator));
        yield d.signum() == 0
            ? null
            : asDecimal(p.get(numerator))
                .multiply(new BigDecimal(QUOTIENT_SCALE))
                .divide(d, 0, RoundingMode.FLOOR);
      }
    };
  }

  /** What a metric is when nothing matched: 0 for counts and money, null where undefined. */
  public static Object whenEmpty(Metric m) {
    return switch (m.kind()) {
      case VISITORS, VISITS, PAGEVIEWS, EVENTS, CONVERSIONS, ORDERS -> 0L;
      case REVENUE -> BigDecimal.ZERO.setScale(2);
      default -> null;
    };
  }

  /**
   * The change of a metric against a compared period: percentage points for rates, else the
   * relative change in percent (1 decimal); null when it is undefined (nothing before).
   */
  public static BigDecimal change(Metric m, Object now, Object before) {
    if (now == null || before == null) {
      return null;
    }
    BigDecimal a = new BigDecimal(now.toString());
    BigDecimal b = new BigDecimal(before.toString());
    if (m.kind() == Metric.Kind.BOUNCE_RATE || m.kind() == Metric.Kind.CONVERSION_RATE) {
      return a.subtract(b).setScale(1, RoundingMode.HALF_UP);
    }
    if (b.signum() == 0) {
      return a.signum() == 0 ? BigDecimal.ZERO.setScale(1) : null;
    }
    return a.subtract(b).multiply(HUNDRED).divide(b.abs(), 1, RoundingMode.HALF_UP);
  }

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private static List<PartOf> shared(Part... parts) {
    return java.util.Arrays.stream(parts).map(PartOf::shared).toList();
  }

  private static PartOf single(Metric m, int i) {
    return parts(m, i).getFirst();
  }

  private static SortKey quotient(Part numerator, Part denominator, boolean decimal) {
    return new SortKey.Quotient(PartOf.shared(numerator), PartOf.shared(denominator), decimal);
  }

  private static long count(Parts p, PartOf part) {
    Object v = p.get(part);
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static BigDecimal decimal(Parts p, Part part) {
    return asDecimal(p.get(PartOf.shared(part)));
  }

  private static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator, int scale) {
    if (denominator.signum() == 0) {
      return null;
    }
    return numerator.divide(denominator, scale, RoundingMode.HALF_UP);
  }

  private static BigDecimal scaled(Object v) {
    if (v == null) {
      return null;
    }
    BigDecimal d = v instanceof Double x ? new BigDecimal(x.toString()) : asDecimal(v);
    return d.setScale(4, RoundingMode.HALF_UP);
  }

  /** A part as an exact decimal; an absent part (nothing summed) is 0. */
  public static BigDecimal asDecimal(Object v) {
    return switch (v) {
      case null -> BigDecimal.ZERO;
      case BigDecimal d -> d;
      case BigInteger b -> new BigDecimal(b);
      case Double d -> new BigDecimal(d.toString());
      case Float f -> new BigDecimal(f.toString());
      case Number n -> BigDecimal.valueOf(n.longValue());
      default -> new BigDecimal(v.toString());
    };
  }
}
