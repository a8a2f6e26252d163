package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.people.EventMatch;
import io.footfall.core.people.PathsQuery;
import io.footfall.core.people.PathsResult;
import io.footfall.core.query.QueryFailedException;
import io.footfall.server.access.Principal;
import io.footfall.server.query.QueryException;
import io.footfall.server.query.RequestParts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Paths reports for those who may read a site's statistics ({@link
 * io.footfall.server.access.Permission#READ_STATS}, as the query API): paths count visits, not
 * people, so whoever sees the dashboard's pages and visits may see the paths between them.
 */
public final class PathsService {
  /** The names a paths request may have. */
  static final Set<String> FIELDS =
      Set.of("site_id", "date_range", "start", "end", "steps", "events", "limit", "segment");

  static final int DEFAULT_STEPS = 5;
  static final int DEFAULT_LIMIT = 50;

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PathsService.class);

  private final BiFunction<Principal, String, Site> readableSite;
  private final Function<Site, List<Goal>> goals;
  private final EventStore store;
  private final CohortService cohorts;
  private final Clock clock;

  /**
   * @param readableSite the site, when the principal may read its statistics; throws the access
   *     layer's 401/403/404 otherwise
   * @param goals the goals of a site
   * @param cohorts the site's cohorts: paths of one cohort's members ({@code segment}) need the
   *     people permission besides
   */
  public PathsService(
      BiFunction<Principal, String, Site> readableSite,
      Function<Site, List<Goal>> goals,
      EventStore store,
      CohortService cohorts,
      Clock clock) {
    this.readableSite = readableSite;
    this.goals = goals;
    this.store = store;
    this.cohorts = cohorts;
    this.clock = clock;
  }

  /** An answer and what it was asked for. */
  public record Answer(Site site, RequestParts.Range range, PathsQuery query, PathsResult result) {}

  /**
   * Reads the request (a 400 naming the field at fault), checks access and asks the store.
   *
   * @param body the request's JSON object
   */
  public Answer paths(Principal principal, JsonNode body) {
    List<String> unknown = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            n -> {
              if (!FIELDS.contains(n)) {
                unknown.add(n);
              }
            });
    if (!unknown.isEmpty()) {
      throw new QueryException(
          unknown.getFirst(),
          "unknown field "
              + unknown.getFirst()
              + "; a paths request has "
              + String.join(", ", FIELDS.stream().sorted().toList()));
    }
    JsonNode siteNode = body.get("site_id");
    if (siteNode == null || !siteNode.isTextual() || siteNode.textValue().isBlank()) {
      throw new QueryException("site_id", "site_id is required");
    }
    Site site = readableSite.apply(principal, siteNode.textValue());
    List<Goal> siteGoals = goals.apply(site);
    if (!body.has("date_range")) {
      throw new QueryException("date_range", "date_range is required, e.g. \"7d\"");
    }
    RequestParts.Range range = RequestParts.range(body.get("date_range"), site, clock, store);
    boolean start = body.hasNonNull("start");
    boolean end = body.hasNonNull("end");
    if (start == end) {
      throw new QueryException(
          start ? "end" : "start",
          "a paths request needs exactly one of start or end, each a step like {\"page\":"
              + " \"/pricing\"}");
    }
    String anchorField = start ? "start" : "end";
    EventMatch anchor = EventMatches.parse(body.get(anchorField), anchorField, siteGoals);
    int steps = number(body, "steps", DEFAULT_STEPS, 2, PathsQuery.MAX_STEPS);
    int limit = number(body, "limit", DEFAULT_LIMIT, 1, PathsQuery.MAX_LIMIT);
    PathsQuery.StepEvents events = PathsQuery.StepEvents.PAGEVIEWS;
    JsonNode e = body.get("events");
    if (e != null && !e.isNull()) {
      if (!e.isTextual() || !(e.textValue().equals("pageviews") || e.textValue().equals("all"))) {
        throw new QueryException("events", "events must be \"pageviews\" or \"all\"");
      }
      events = e.textValue().equals("all") ? PathsQuery.StepEvents.ALL : events;
    }
    PathsQuery query =
        new PathsQuery(
            site.id(),
            range.from(),
            range.to(),
            start ? PathsQuery.Direction.START : PathsQuery.Direction.END,
            anchor,
            steps,
            events,
            limit,
            siteGoals);
    var segment = cohorts.requested(principal, site, body.get("segment"), "segment", range.to());
    if (segment.isPresent()) {
      query = query.withSegment(segment.get());
    }
    io.footfall.server.query.RawHorizon.require(store, site.id(), query.from(), site.timeZone());
    try {
      return new Answer(site, range, query, store.paths().paths(query));
    } catch (QueryFailedException q) {
      log.warn("the store refused a paths query on site {}: {}", site.id(), q.getMessage());
      throw new QueryException(
          anchorField + ".filters",
          "the event store cannot run this step's filters; check their patterns");
    }
  }

  private static int number(JsonNode body, String field, int otherwise, int min, int max) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return otherwise;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < min || n.intValue() > max) {
      throw new QueryException(
          field, field + " must be a whole number " + min + " to " + max + ", was " + n);
    }
    return n.intValue();
  }
}
