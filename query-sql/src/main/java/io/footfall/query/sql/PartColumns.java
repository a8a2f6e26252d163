package io.footfall.query.sql;

import io.footfall.core.query.Formulas.PartOf;
import io.footfall.core.query.Formulas.SortKey;

/**
 * How the compiled statement names the metric parts of {@link io.footfall.core.query.Formulas} (its
 * result columns), and how it computes a sort key in SQL.
 */
final class PartColumns {
  private PartColumns() {}

  /** The result column of a part: {@code c_visitors}, or {@code p2_sum} for metric 2's sum. */
  static String of(PartOf p) {
    int i = p.metric();
    return switch (p.part()) {
      case VISITORS -> "c_visitors";
      case VISITS -> "c_visits";
      case PAGEVIEWS -> "c_pageviews";
      case EVENTS -> "c_events";
      case CONVERSIONS -> "c_conversions";
      case ORDERS -> "c_orders";
      case REVENUE -> "c_revenue";
      case CONVERTED -> "c_converted";
      case ALL_VISITORS -> "t_visitors";
      case VISIT_COUNT -> "v_visits";
      case VISIT_PAGEVIEWS -> "v_pv";
      case BOUNCES -> "v_bounces";
      case DURATION_MICROS -> "v_dur";
      case PROPERTY_SUM -> "p" + i + "_sum";
      case PROPERTY_COUNT -> "p" + i + "_n";
      case PROPERTY_MIN -> "p" + i + "_min";
      case PROPERTY_MAX -> "p" + i + "_max";
      case PROPERTY_QUANTILE -> "p" + i + "_q";
    };
  }

  /** Whether a part is an exact decimal (money, a property's aggregate) rather than an integer. */
  static boolean isDecimal(PartOf p) {
    return switch (p.part()) {
      case REVENUE, PROPERTY_SUM, PROPERTY_MIN, PROPERTY_MAX, PROPERTY_QUANTILE -> true;
      default -> false;
    };
  }

  /** The SQL expression of a sort key over the result columns. */
  static String sortExpression(SortKey key, SqlDialect dialect) {
    return switch (key) {
      case SortKey.Of(PartOf part, boolean nullAsZero) ->
          nullAsZero ? dialect.zeroIfNull(of(part)) : of(part);
      case SortKey.Quotient(PartOf numerator, PartOf denominator, boolean decimal) ->
          dialect.quotientKey(of(numerator), of(denominator), decimal);
    };
  }
}
