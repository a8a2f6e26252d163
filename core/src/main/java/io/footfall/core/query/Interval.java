package io.footfall.core.query;

/** The width of a time bucket, in the site's time zone. Weeks start on Monday. */
public enum Interval {
  MINUTE,
  HOUR,
  DAY,
  WEEK,
  MONTH;

  /** The time dimension that buckets by this interval. */
  public Dimension.Kind dimension() {
    return switch (this) {
      case MINUTE -> Dimension.Kind.MINUTE;
      case HOUR -> Dimension.Kind.HOUR;
      case DAY -> Dimension.Kind.DAY;
      case WEEK -> Dimension.Kind.WEEK;
      case MONTH -> Dimension.Kind.MONTH;
    };
  }

  /** The interval of a time dimension. */
  public static Interval of(Dimension.Kind kind) {
    return switch (kind) {
      case MINUTE -> MINUTE;
      case HOUR -> HOUR;
      case DAY -> DAY;
      case WEEK -> WEEK;
      case MONTH -> MONTH;
      default -> throw new IllegalArgumentException(kind + " is not a time dimension");
    };
  }
}
