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

  /**
   * @param readablePeople the site, when the principal may read its people; throws {@link
   *     AccessException} otherwise
   */
  public PeopleService(BiFunction<Principal, String, Site> readablePeople, People people) {
    this.readablePeople = readablePeople;
    this.people = people;
  }

  /** A person and a page of their events. */
  public record Person(Site site, Profile profile, List<Event> timeline) {}

  public List<Profile> list(Principal p, PeopleQuery query) {
    Site site = readablePeople.apply(p, query.siteId());
    return people.list(
        new PeopleQuery(site.id(), query.search(), query.property(), query.limit(), query.after()));
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
    return new Person(site, profile, people.timeline(site.id(), userId, before, limit));
  }
}
