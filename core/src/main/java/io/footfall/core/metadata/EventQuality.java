package io.footfall.core.metadata;

import java.time.LocalDate;
import java.util.List;

/**
 * The problems catalogue validation found, counted per site, day, event name, problem and property.
 * Counts only: no event, no identifier. Deleted with the site.
 */
public interface EventQuality {

  /**
   * One count.
   *
   * @param day the UTC day the events arrived
   * @param problem {@code missing}, {@code type}, {@code enum}, {@code range}, {@code undefined},
   *     {@code unexpected} or {@code blocked}
   * @param property the property, or "" for a problem of the event as a whole
   */
  record Count(
      String siteId,
      LocalDate day,
      String eventName,
      String problem,
      String property,
      long events) {}

  /** Adds the counts to what is stored (a new key starts at zero). */
  void add(List<Count> counts);

  /** The site's counts of the days {@code from} to {@code to} inclusive, by day, event, problem. */
  List<Count> list(String organizationId, String siteId, LocalDate from, LocalDate to);
}
