package io.footfall.core.people;

/**
 * The paths reports of an event store (docs/metrics.md, "Paths"): which steps visits took after a
 * start or before an end. Every query names its site.
 */
public interface Paths {

  /**
   * The paths of the query's visits.
   *
   * @throws io.footfall.core.query.QueryFailedException if the store refuses the anchor's
   *     conditions (e.g. a regular expression its engine cannot compile)
   */
  PathsResult paths(PathsQuery query);
}
