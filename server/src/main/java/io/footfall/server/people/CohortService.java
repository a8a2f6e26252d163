package io.footfall.server.people;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.core.Cohort;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.Cohorts;
import io.footfall.core.people.People;
import io.footfall.core.people.Segment;
import io.footfall.core.query.QueryFailedException;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Secrets;
import io.footfall.server.audit.Auditor;
import io.footfall.server.query.QueryException;
import io.footfall.server.sites.AdminException;
import io.footfall.server.tenancy.TenancyService;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A site's cohorts (saved segments of people, docs/metrics.md "Cohorts"): listed, read, created,
 * changed and deleted by those who may read the site's people ({@link
 * io.footfall.server.access.Permission#READ_PEOPLE}: a cohort names people, so read-only keys and
 * shared links never see one), and turned into the {@link Segment} a report filters by. Changes go
 * to the audit log.
 */
public final class CohortService {
  /** The most cohorts one site may have. */
  public static final int MAX_COHORTS_PER_SITE = 100;

  /** The most points of a size over time. */
  public static final int MAX_SIZE_POINTS = 92;

  private final Cohorts cohorts;
  private final BiFunction<Principal, String, Site> readablePeople;
  private final Function<Site, List<Goal>> goals;
  private final BiFunction<Site, String, String> storedUserId;
  private final People people;
  private final Function<String, java.util.Optional<Instant>> rawHorizon;
  private final Auditor audit;
  private final Clock clock;

  /**
   * @param readablePeople the site, when the principal may read its people; throws the access
   *     layer's 401/403/404 otherwise
   * @param goals the goals of a site
   * @param storedUserId the id the site stores for a user id it is sent (keyed hash or clear)
   */
  public CohortService(
      Cohorts cohorts,
      BiFunction<Principal, String, Site> readablePeople,
      Function<Site, List<Goal>> goals,
      BiFunction<Site, String, String> storedUserId,
      People people,
      Function<String, java.util.Optional<Instant>> rawHorizon,
      Auditor audit,
      Clock clock) {
    this.cohorts = cohorts;
    this.readablePeople = readablePeople;
    this.goals = goals;
    this.storedUserId = storedUserId;
    this.people = people;
    this.rawHorizon = rawHorizon;
    this.audit = audit;
    this.clock = clock;
  }

  /** The site's cohorts, oldest first. */
  public List<Cohort> list(Principal p, String siteId) {
    Site site = readablePeople.apply(p, siteId);
    return cohorts.list(site.organizationId(), site.id());
  }

  /** A cohort with its size now. */
  public record Sized(Cohort cohort, long size) {}

  /**
   * One cohort and how many people are in it now.
   *
   * @throws AdminException 404 when the site has no such cohort
   */
  public Sized find(Principal p, String siteId, String cohortId) {
    Site site = readablePeople.apply(p, siteId);
    Cohort c = cohort(site, cohortId);
    return new Sized(c, size(segmentOf(site, c, clock.instant())));
  }

  /**
   * Creates a cohort from a request's {@code name} and {@code conditions}.
   *
   * @throws QueryException 400 naming the field at fault
   * @throws AdminException 409 for a taken name or a site at {@value #MAX_COHORTS_PER_SITE}
   */
  public Cohort create(TenancyService.Origin o, String siteId, String name, JsonNode conditions) {
    Site site = readablePeople.apply(o.principal(), siteId);
    checkName(name);
    String definition = definition(site, conditions);
    List<Cohort> existing = cohorts.list(site.organizationId(), site.id());
    if (existing.size() >= MAX_COHORTS_PER_SITE) {
      throw new AdminException(
          409,
          "limit_reached",
          "",
          "site '"
              + site.id()
              + "' has "
              + existing.size()
              + " cohorts, the most a site may have is "
              + MAX_COHORTS_PER_SITE
              + "; delete one to add another");
    }
    Instant now = clock.instant();
    Cohort c =
        new Cohort("c_" + Secrets.token().substring(0, 12), site.id(), name, definition, now, now);
    try {
      cohorts.create(c);
    } catch (StoreConflictException e) {
      throw duplicate(site, name);
    }
    audited(o, site, "cohort.create", c);
    return c;
  }

  /**
   * Changes a cohort's name, its conditions, or both (absent ones stay).
   *
   * @throws AdminException 404 when the site has no such cohort, 409 for a taken name
   */
  public Cohort update(
      TenancyService.Origin o,
      String siteId,
      String cohortId,
      java.util.Optional<String> name,
      java.util.Optional<JsonNode> conditions) {
    Site site = readablePeople.apply(o.principal(), siteId);
    Cohort old = cohort(site, cohortId);
    name.ifPresent(CohortService::checkName);
    String definition = conditions.map(c -> definition(site, c)).orElse(old.definition());
    Cohort changed =
        new Cohort(
            old.id(),
            old.siteId(),
            name.orElse(old.name()),
            definition,
            old.createdAt(),
            clock.instant());
    try {
      if (!cohorts.update(site.organizationId(), changed)) {
        throw AdminException.notFound("cohort '" + cohortId + "'");
      }
    } catch (StoreConflictException e) {
      throw duplicate(site, changed.name());
    }
    audited(o, site, "cohort.update", changed);
    return changed;
  }

  /**
   * Deletes a cohort.
   *
   * @throws AdminException 404 when the site has no such cohort
   */
  public void delete(TenancyService.Origin o, String siteId, String cohortId) {
    Site site = readablePeople.apply(o.principal(), siteId);
    Cohort c = cohort(site, cohortId);
    if (!cohorts.delete(site.organizationId(), site.id(), cohortId)) {
      throw AdminException.notFound("cohort '" + cohortId + "'");
    }
    audited(o, site, "cohort.delete", c);
  }

  /** The cohort's size at the end of one local day or week. */
  public record Point(LocalDate date, Instant at, long size) {}

  /**
   * How many people were in the cohort at the end of each local day (or ISO week) from {@code
   * first} to {@code last}, as long as that end is past; the current day (week) is measured now.
   *
   * @throws QueryException 400 for more than {@value #MAX_SIZE_POINTS} points
   */
  public List<Point> sizes(
      Principal p, String siteId, String cohortId, LocalDate first, LocalDate last, boolean weeks) {
    Site site = readablePeople.apply(p, siteId);
    Cohort c = cohort(site, cohortId);
    Instant now = clock.instant();
    List<LocalDate> starts = new ArrayList<>();
    LocalDate d = weeks ? first.minusDays(first.getDayOfWeek().getValue() - 1L) : first;
    while (!d.isAfter(last) && d.atStartOfDay(site.timeZone()).toInstant().isBefore(now)) {
      starts.add(d);
      if (starts.size() > MAX_SIZE_POINTS) {
        throw new QueryException(
            "date_range",
            "a size over time has at most "
                + MAX_SIZE_POINTS
                + " points; ask by week, or for a shorter range");
      }
      d = weeks ? d.plusWeeks(1) : d.plusDays(1);
    }
    List<Point> out = new ArrayList<>();
    for (LocalDate start : starts) {
      Instant end =
          (weeks ? start.plusWeeks(1) : start.plusDays(1))
              .atStartOfDay(site.timeZone())
              .toInstant();
      Instant at = end.isAfter(now) ? now : end;
      out.add(new Point(start, at, size(segmentOf(site, c, at))));
    }
    return out;
  }

  /**
   * The cohort {@code cohortId} of the site as a segment at {@code at}, for a report that filters
   * by it: needs the people permission on the site, since the report then reveals its people.
   *
   * @throws AdminException 404 when the site has no such cohort
   */
  public Segment segment(Principal p, String siteId, String cohortId, Instant at) {
    Site site = readablePeople.apply(p, siteId);
    return segmentOf(site, cohort(site, cohortId), at);
  }

  /**
   * The cohort a report request names in {@code field} (a cohort id), as a segment at the end of
   * the report's range, or now when the range reaches past now; empty when the field is absent.
   *
   * @throws QueryException 400 when the field is not a cohort id
   * @throws AdminException 404 when the site has no such cohort
   */
  public java.util.Optional<Segment> requested(
      Principal p, Site site, JsonNode node, String field, Instant rangeEnd) {
    if (node == null || node.isNull()) {
      return java.util.Optional.empty();
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw new QueryException(field, field + " must be a cohort id, as the cohorts API lists");
    }
    Instant now = clock.instant();
    return java.util.Optional.of(
        segment(p, site.id(), node.textValue().strip(), rangeEnd.isAfter(now) ? now : rangeEnd));
  }

  /**
   * The cohort as a segment at {@code at}; refused ({@link
   * io.footfall.core.query.PastRetentionException}) when one of its windows ("did X in the last N
   * days") reaches before the site's raw horizon, where the events it would count were deleted.
   */
  private Segment segmentOf(Site site, Cohort c, Instant at) {
    Segment s = CohortDefinitions.segment(c.definition(), site, goals.apply(site), at);
    java.util.Optional<Instant> horizon = rawHorizon.apply(site.id());
    if (horizon.isPresent()) {
      for (Segment.Condition condition : s.conditions()) {
        int days =
            switch (condition) {
              case Segment.Performed p -> p.days();
              case Segment.NotPerformed n -> n.days();
              default -> 0;
            };
        if (days > 0 && s.windowStart(days).isBefore(horizon.get())) {
          throw new io.footfall.core.query.PastRetentionException(
              site.id(), horizon.get(), site.timeZone());
        }
      }
    }
    return s;
  }

  private long size(Segment s) {
    try {
      return people.segmentSize(s);
    } catch (QueryFailedException e) {
      throw new QueryException(
          "conditions", "the event store cannot run the cohort's filters; check their patterns");
    }
  }

  private Cohort cohort(Site site, String cohortId) {
    return cohorts
        .find(site.organizationId(), site.id(), cohortId)
        .orElseThrow(() -> AdminException.notFound("cohort '" + cohortId + "'"));
  }

  private String definition(Site site, JsonNode conditions) {
    String definition = CohortDefinitions.stored(conditions, site, goals.apply(site), storedUserId);
    if (definition.length() > Cohort.MAX_DEFINITION) {
      throw new AdminException(
          413,
          "too_large",
          "conditions",
          "a cohort's conditions are limited to "
              + Cohort.MAX_DEFINITION
              + " characters as stored, these have "
              + definition.length());
    }
    return definition;
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank() || name.length() > 120) {
      throw AdminException.invalid("name", "name must be 1 to 120 characters, not blank");
    }
  }

  private static AdminException duplicate(Site site, String name) {
    return new AdminException(
        409,
        "duplicate",
        "name",
        "site '" + site.id() + "' already has a cohort named '" + name + "'");
  }

  private void audited(TenancyService.Origin o, Site site, String action, Cohort c) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("site", site.id());
    details.put("name", c.name());
    audit.record(o.principal(), site.organizationId(), action, c.id(), o.clientAddress(), details);
  }
}
