package io.footfall.server.people;

import io.footfall.core.Event;
import io.footfall.core.Site;
import io.footfall.core.people.People;
import io.footfall.core.people.PeopleQuery;
import io.footfall.core.people.Profile;
import io.footfall.server.access.AccessException;
import io.footfall.server.access.Principal;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A site's people for those who may read them ({@link
 * io.footfall.server.access.Permission#READ_PEOPLE}): the list and one person's profile and
 * timeline. User ids are as stored: keyed hashes unless the site stores clear ids.
 */
public final class PeopleService {
  private final BiFunction<Principal, String, Site> readablePeople;
  private final People people;
  private final java.util.function.Function<String, Optional<java.time.Instant>> rawHorizon;
  private final CohortService cohorts;
  private final java.time.Clock clock;

  /**
   * @param readablePeople the site, when the principal may read its people; throws {@link
   *     AccessException} otherwise
   * @param rawHorizon a site's raw horizon ({@link io.footfall.core.EventStore#rawHorizon}): a
   *     timeline says that events before it were deleted
   * @param cohorts the site's cohorts, for a list of one cohort's members
   */
  public PeopleService(
      BiFunction<Principal, String, Site> readablePeople,
      People people,
      java.util.function.Function<String, Optional<java.time.Instant>> rawHorizon,
      CohortService cohorts,
      java.time.Clock clock) {
    this.readablePeople = readablePeople;
    this.people = people;
    this.rawHorizon = rawHorizon;
    this.cohorts = cohorts;
    this.clock = clock;
  }

  /**
   * A person and a page of their events; {@code rawEventsSince} is the site's raw horizon, before
   * which raw retention deleted events (the timeline ends there), when it has one.
   */
  public record Person(
      Site site,
      Profile profile,
      List<Event> timeline,
      Optional<java.time.Instant> rawEventsSince) {}

  /**
   * A page of the site's people, of the cohort's members now when {@code cohortId} is not empty.
   *
   * @throws io.footfall.server.sites.AdminException 404 when the site has no such cohort
   */
  public List<Profile> list(Principal p, PeopleQuery query, Optional<String> cohortId) {
    Site site = readablePeople.apply(p, query.siteId());
    PeopleQuery q =
        new PeopleQuery(site.id(), query.search(), query.property(), query.limit(), query.after());
    if (cohortId.isPresent()) {
      q = q.withSegment(cohorts.segment(p, site.id(), cohortId.get(), clock.instant()));
    }
    try {
      return people.list(q);
    } catch (io.footfall.core.query.QueryFailedException e) {
      throw new io.footfall.server.query.QueryException(
          "segment", "the event store cannot run the cohort's filters; check their patterns");
    }
  }

  /**
   * @throws AccessException 404 when the site has no such person
   */
  public Person person(
      Principal p, String siteId, String userId, Optional<People.EventPosition> before, int limit) {
    Site site = readablePeople.apply(p, siteId);
    Profile profile =
        people
            .profile(site.id(), userId)
            .orElseThrow(() -> AccessException.notFound("person '" + userId + "'"));
    return new Person(
        site,
        profile,
        people.timeline(site.id(), userId, before, limit),
        rawHorizon.apply(site.id()));
  }
}
