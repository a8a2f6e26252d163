package io.footfall.core;

import java.time.Instant;

/**
 * A tenant: the owner of sites, memberships, API keys, shared links and audit entries. Nothing of
 * one organization is visible to another.
 *
 * @param id stable identifier, 1 to 64 letters, digits, '_' or '-'
 * @param name display name, 1 to 200 characters
 * @param createdAt when the organization was created (kept to the microsecond)
 */
public record Organization(String id, String name, Instant createdAt) {
  /** The longest name, in characters. */
  public static final int MAX_NAME = 200;

  public Organization {
    Checks.id("id", id);
    Checks.required("name", name, MAX_NAME);
    createdAt = Checks.instant("createdAt", createdAt);
  }
}
