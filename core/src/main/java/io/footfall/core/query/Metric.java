package io.footfall.core.query;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a query counts or sums. docs/metrics.md defines each one exactly.
 *
 * @param kind the metric
 * @param property for the aggregates of a numeric custom property ({@code sum}, {@code avg}, ...),
 *     the property's key; empty otherwise
 */
public record Metric(Kind kind, String property) {

  /** The metrics. Their {@link #apiName()} is how the API names them. */
  public enum Kind {
    VISITORS("visitors"),
    VISITS("visits"),
    PAGEVIEWS("pageviews"),
    VIEWS_PER_VISIT("views_per_visit"),
    BOUNCE_RATE("bounce_rate"),
    VISIT_DURATION("visit_duration"),
    EVENTS("events"),
    CONVERSIONS("conversions"),
    CONVERSION_RATE("conversion_rate"),
    REVENUE("revenue"),
    ORDERS("orders"),
    AVERAGE_ORDER_VALUE("average_order_value"),
    SUM("sum"),
    AVG("avg"),
    MIN("min"),
    MAX("max"),
    P50("p50"),
    P95("p95");

    private final String apiName;

    Kind(String apiName) {
      this.apiName = apiName;
    }

    public String apiName() {
      return apiName;
    }

    /** Whether the metric aggregates a custom property and so names one. */
    public boolean ofProperty() {
      return switch (this) {
        case SUM, AVG, MIN, MAX, P50, P95 -> true;
        default -> false;
      };
    }

    /** Whether the metric needs a goal (a goal filter or the goal dimension). */
    public boolean needsGoal() {
      return this == CONVERSIONS || this == CONVERSION_RATE;
    }

    /** Whether the metric looks at whole visits, not only at the matching events. */
    public boolean ofVisits() {
      return this == VIEWS_PER_VISIT || this == BOUNCE_RATE || this == VISIT_DURATION;
    }

    public static Optional<Kind> byApiName(String name) {
      return Arrays.stream(values()).filter(k -> k.apiName.equals(name)).findFirst();
    }
  }

  public Metric {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(property, "property");
    if (kind.ofProperty() != !property.isEmpty()) {
      throw new IllegalArgumentException(
          kind.ofProperty()
              ? kind.apiName() + " needs a property"
              : kind.apiName() + " takes no property");
    }
  }

  public static Metric of(Kind kind) {
    return new Metric(kind, "");
  }

  /** The metric's name in the API: {@code visitors}, or {@code sum:amount} for a property. */
  public String apiName() {
    return property.isEmpty() ? kind.apiName() : kind.apiName() + ":" + property;
  }
}
