package io.footfall.server.export;

import java.util.List;

/**
 * The standard panels of a view: what the ZIP export holds one CSV of and the PDF report one top-10
 * table of, in this order. The one list of them in Footfall.
 */
@SuppressWarnings("ImmutableEnumChecker") // metrics is an unmodifiable List.copyOf
public enum Panel {
  PAGES("pages", "Pages", "event:page", List.of("visitors", "pageviews")),
  ENTRY_PAGES("entry_pages", "Entry pages", "visit:entry_page", Visits.METRICS),
  EXIT_PAGES("exit_pages", "Exit pages", "visit:exit_page", List.of("visitors", "visits")),
  SOURCES("sources", "Sources", "visit:source", Visits.METRICS),
  REFERRERS("referrers", "Referrers", "visit:referrer", Visits.METRICS),
  UTM_MEDIUMS("utm_mediums", "UTM mediums", "visit:utm_medium", Visits.METRICS),
  UTM_SOURCES("utm_sources", "UTM sources", "visit:utm_source", Visits.METRICS),
  UTM_CAMPAIGNS("utm_campaigns", "UTM campaigns", "visit:utm_campaign", Visits.METRICS),
  COUNTRIES("countries", "Countries", "visit:country", List.of("visitors")),
  REGIONS("regions", "Regions", "visit:region", List.of("visitors")),
  CITIES("cities", "Cities", "visit:city", List.of("visitors")),
  BROWSERS("browsers", "Browsers", "visit:browser", List.of("visitors")),
  OPERATING_SYSTEMS("operating_systems", "Operating systems", "visit:os", List.of("visitors")),
  DEVICES("devices", "Devices", "visit:device", List.of("visitors")),
  GOALS("goals", "Goals", "event:goal", List.of("visitors", "conversions", "conversion_rate"));

  /**
   * The metrics of the panels about visits. A holder class, because enum constants are built before
   * the enum's own static fields.
   */
  private static final class Visits {
    static final List<String> METRICS =
        List.of("visitors", "visits", "bounce_rate", "visit_duration");
  }

  /** The metrics of a view's totals and of its timeseries. */
  public static final List<String> KPI_METRICS =
      List.of(
          "visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "visit_duration");

  private final String fileName;
  private final String title;
  private final String dimension;
  private final List<String> metrics;

  Panel(String fileName, String title, String dimension, List<String> metrics) {
    this.fileName = fileName;
    this.title = title;
    this.dimension = dimension;
    this.metrics = List.copyOf(metrics);
  }

  /** The CSV's name in the ZIP, without {@code .csv}: {@code entry_pages}. */
  public String fileName() {
    return fileName;
  }

  /** The heading in reports: {@code Entry pages}. */
  public String title() {
    return title;
  }

  /** The dimension's API name: {@code visit:entry_page}. */
  public String dimension() {
    return dimension;
  }

  /** The metrics' API names, the first one ordering the rows. */
  public List<String> metrics() {
    return metrics;
  }
}
