package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.EventStore;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.people.Funnels;
import io.footfall.core.query.QueryFailedException;
import io.footfall.server.access.AccessException;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.query.QueryException;
import io.footfall.server.query.RequestParts;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Funnels for those who may read them. A funnel of people ({@link Funnels.Unit#PERSON}) follows
 * identified users, so it needs {@link Permission#READ_PEOPLE}, as the people list does; a funnel
 * of visits counts visits as every other report does and names nobody, so {@link
 * Permission#READ_STATS} suffices (viewers, read-only keys and shared links may read it).
 */
public final class FunnelService {
  private static final Logger log = LoggerFactory.getLogger(FunnelService.class);

  /** Resolves a site for a principal with a permission; throws {@link AccessException} if not. */
  public interface Sites {
    Site site(Principal p, String siteId, Permission permission);
  }

  private final Sites sites;
  private final Function<Site, List<Goal>> goals;
  private final EventStore store;
  private final CohortService cohorts;
  private final Clock clock;

  public FunnelService(
      Sites sites,
      Function<Site, List<Goal>> goals,
      EventStore store,
      CohortService cohorts,
      Clock clock) {
    this.sites = sites;
    this.goals = goals;
    this.store = store;
    this.cohorts = cohorts;
    this.clock = clock;
  }

  /** The cohort a request's {@code segment} names; see {@link CohortService#requested}. */
  public java.util.Optional<io.footfall.core.people.Segment> segment(
      Principal p, Site site, JsonNode node, java.time.Instant rangeEnd) {
    return cohorts.requested(p, site, node, "segment", rangeEnd);
  }

  /** The request's {@code date_range} in the site's time zone, with the period before it. */
  public RequestParts.Range range(JsonNode dateRange, Site site) {
    return RequestParts.range(dateRange, site, clock, store);
  }

  /** The permission a funnel of the unit needs. */
  static Permission permission(Funnels.Unit unit) {
    return unit == Funnels.Unit.PERSON ? Permission.READ_PEOPLE : Permission.READ_STATS;
  }

  /**
   * The site, when the principal may read funnels of the unit on it.
   *
   * @throws AccessException otherwise
   */
  public Site site(Principal p, String siteId, Funnels.Unit unit) {
    return sites.site(p, siteId, permission(unit));
  }

  /** The site's goals, which steps may name. */
  public List<Goal> goals(Site site) {
    return goals.apply(site);
  }

  /** Who dropped after a step of a funnel of people; see {@link Funnels#dropped}. */
  public List<String> dropped(Funnels.Query query, int step, int limit) {
    io.footfall.server.query.RawHorizon.require(
        store, query.siteId(), query.from(), java.time.ZoneOffset.UTC);
    try {
      return store.funnels().dropped(query, step, limit);
    } catch (QueryFailedException e) {
      throw refused(query, e);
    }
  }

  /** Computes the funnel of a site the caller was let into by {@link #site}. */
  public Funnels.Result run(Funnels.Query query) {
    io.footfall.server.query.RawHorizon.require(
        store, query.siteId(), query.from(), java.time.ZoneOffset.UTC);
    try {
      return store.funnels().funnel(query);
    } catch (QueryFailedException e) {
      throw refused(query, e);
    }
  }

  /**
   * A 400 for a funnel the store refused (a step's pattern its engine cannot compile, which the
   * parser did not catch); the engine's words go to the log, not to the client.
   */
  private static QueryException refused(Funnels.Query query, QueryFailedException e) {
    log.warn("the store refused a funnel query on site {}: {}", query.siteId(), e.getMessage());
    return new QueryException(
        "steps", "the event store cannot run this funnel's step filters; check their patterns");
  }
}
