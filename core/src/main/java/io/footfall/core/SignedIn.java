package io.footfall.core;

import java.util.List;
import java.util.Objects;

/**
 * What a session cookie proves, read at once: the session, its person and the person's memberships,
 * as {@link io.footfall.core.metadata.WebSessions#find}, {@link
 * io.footfall.core.metadata.People#byId} and {@link io.footfall.core.metadata.Members#ofPerson}
 * would answer them.
 *
 * @param session the session, expired or not
 * @param person the signed-in person
 * @param memberships every membership of the person
 */
public record SignedIn(WebSession session, Person person, List<Membership> memberships) {
  public SignedIn {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(person, "person");
    memberships = List.copyOf(memberships);
  }
}
