package io.footfall.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A saved segment of a site's people: a name and a definition, the conditions its members meet
 * (docs/metrics.md, "Cohorts"). The metadata keeps the definition as JSON text, which the server
 * reads and writes (the stores evaluate it as an {@link io.footfall.core.people.Segment}); a static
 * list of user ids lives in it too, so a definition may be long.
 *
 * @param id stable identifier
 * @param siteId the site whose people it selects
 * @param name display name, unique within the site, 1 to 120 characters
 * @param definition the conditions as a JSON object's text, at most {@link #MAX_DEFINITION}
 *     characters
 * @param createdAt when it was created
 * @param updatedAt when its name or definition last changed (its creation at first)
 */
public record Cohort(
    String id,
    String siteId,
    String name,
    String definition,
    Instant createdAt,
    Instant updatedAt) {

  /** The longest definition: room for a static list of 100,000 ids of 64 characters and more. */
  public static final int MAX_DEFINITION = 9_000_000;

  public Cohort {
    Checks.id("id", id);
    Checks.id("siteId", siteId);
    Checks.required("name", name, 120);
    Objects.requireNonNull(definition, "definition");
    if (definition.length() < 2 || definition.length() > MAX_DEFINITION) {
      throw new IllegalArgumentException(
          "a cohort's definition is 2 to "
              + MAX_DEFINITION
              + " characters of JSON, not "
              + definition.length());
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
