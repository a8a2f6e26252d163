package io.footfall.server.access;

import io.footfall.core.ApiKey;
import io.footfall.core.Membership;
import io.footfall.core.Person;
import io.footfall.core.SharedLink;
import java.util.List;
import java.util.Optional;

/** Who is making a request, as established by authentication. */
public sealed interface Principal
    permits Principal.Anonymous,
        Principal.Installation,
        Principal.Member,
        Principal.Key,
        Principal.Link {

  /** How the audit log names this principal, e.g. {@code person:p_1a2b}. */
  String actor();

  /** Nobody authenticated. */
  record Anonymous() implements Principal {
    @Override
    public String actor() {
      return "anonymous";
    }
  }

  /** The bootstrap token ({@code FOOTFALL_ADMIN_TOKEN}): the installation's superuser. */
  record Installation() implements Principal {
    @Override
    public String actor() {
      return "bootstrap";
    }
  }

  /**
   * A person signed in with a session cookie.
   *
   * @param person the person
   * @param sessionIdHash the session's stored id hash (to sign out)
   * @param csrfToken the token state-changing requests must echo
   * @param memberships every organization the person belongs to
   */
  record Member(Person person, String sessionIdHash, String csrfToken, List<Membership> memberships)
      implements Principal {
    public Member {
      memberships = List.copyOf(memberships);
    }

    public Optional<Membership> in(String organizationId) {
      return memberships.stream()
          .filter(m -> m.organizationId().equals(organizationId))
          .findFirst();
    }

    @Override
    public String actor() {
      return "person:" + person.id();
    }
  }

  /**
   * An organization's API key.
   *
   * @param key the key
   * @param creator the current membership of the person the key acts for ({@link
   *     ApiKey#createdBy()}), which bounds what the key may do; empty for a key made by the
   *     installation. (An Optional component, against the house rule, because "no bound" is a real
   *     state here and a null would be worse.)
   */
  record Key(ApiKey key, Optional<Membership> creator) implements Principal {
    /** A key made by the installation, bounded by its scopes only. */
    public Key(ApiKey key) {
      this(key, Optional.empty());
    }

    @Override
    public String actor() {
      return "apikey:" + key.prefix();
    }
  }

  /** A shared link: read-only stats of exactly one site. */
  record Link(SharedLink link) implements Principal {
    @Override
    public String actor() {
      return "link:" + link.id();
    }
  }
}
