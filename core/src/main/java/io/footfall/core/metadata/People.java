package io.footfall.core.metadata;

import io.footfall.core.Person;
import io.footfall.core.StoreConflictException;
import java.util.Optional;

/**
 * People who can sign in. A person belongs to no organization; {@link Members} gives them roles in
 * organizations. Failures as {@link MetadataStore} describes.
 */
public interface People {

  /**
   * Stores a new person.
   *
   * @throws StoreConflictException if the id or the e-mail address is taken
   */
  void create(Person person);

  /**
   * Replaces the person's e-mail, name and password hash; the id and creation time stay. People
   * belong to no organization; callers change a person on their own behalf, or after checking that
   * the person is a member of the caller's organization ({@link #find(String, String)}).
   *
   * @return {@code false} if there is no such person
   * @throws StoreConflictException if the new e-mail address belongs to another person
   */
  boolean update(Person person);

  /** The person, if they are a member of the organization; empty otherwise. */
  Optional<Person> find(String organizationId, String personId);

  /**
   * The person with this e-mail address (compared lower-cased). For authentication only.
   *
   * @throws IllegalArgumentException if {@code email} is not an address ({@link
   *     Person#normalizeEmail})
   */
  Optional<Person> byEmail(String email);

  /** The person with this id, e.g. a session's person. For authentication only. */
  Optional<Person> byId(String personId);
}
