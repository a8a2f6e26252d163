package io.footfall.query.sql;

import io.footfall.core.query.Dimension;
import java.util.List;

/**
 * The physical table every SQL store keeps events in, as the compiler reads it: the table's name
 * and the column behind each stored dimension. The one place outside a store's own migrations that
 * names a column; a SQL store's events table has at least these columns, with these meanings.
 */
public final class EventColumns {
  private EventColumns() {}

  /** The events table. */
  public static final String TABLE = "events";

  /**
   * The columns a report reads, in the order the compiler selects them; the dialect's {@linkplain
   * SqlDialect#propertyColumns property columns} follow them.
   */
  public static final List<String> REPORTED =
      List.of(
          "visitor_id",
          "session_id",
          "name",
          "ts",
          "hostname",
          "pathname",
          "referrer",
          "source",
          "medium",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "country",
          "region",
          "city",
          "browser",
          "browser_version",
          "os",
          "os_version",
          "device",
          "screen",
          "revenue_amount",
          "revenue_currency");

  /**
   * The column that holds a dimension's value, for the dimensions stored as a plain column (every
   * event-level and visit attribute dimension but properties and goals).
   *
   * @throws IllegalStateException for a dimension that is computed, not stored
   */
  public static String of(Dimension.Kind kind) {
    return switch (kind) {
      case PAGE -> "pathname";
      case HOSTNAME -> "hostname";
      case NAME -> "name";
      case SOURCE -> "source";
      case REFERRER -> "referrer";
      case MEDIUM -> "medium";
      case UTM_SOURCE -> "utm_source";
      case UTM_MEDIUM -> "utm_medium";
      case UTM_CAMPAIGN -> "utm_campaign";
      case UTM_TERM -> "utm_term";
      case UTM_CONTENT -> "utm_content";
      case COUNTRY -> "country";
      case REGION -> "region";
      case CITY -> "city";
      case BROWSER -> "browser";
      case BROWSER_VERSION -> "browser_version";
      case OS -> "os";
      case OS_VERSION -> "os_version";
      case DEVICE -> "device";
      case SCREEN -> "screen";
      case ENTRY_PAGE, EXIT_PAGE, PROPERTY, GOAL, MINUTE, HOUR, DAY, WEEK, MONTH ->
          throw new IllegalStateException(kind + " has no plain column");
    };
  }
}
