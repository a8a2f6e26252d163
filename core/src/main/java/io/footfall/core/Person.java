package io.footfall.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Someone who signs in. A person belongs to no organization by themselves; {@link Membership}s give
 * them roles in organizations.
 *
 * @param id stable identifier
 * @param email the sign-in name, unique across the installation; stored lower-cased (the
 *     constructor lower-cases it), at most 254 characters, {@code local@domain} with an ASCII host
 *     name as domain and no spaces or control characters in the local part
 * @param name display name, possibly empty, at most 200 characters
 * @param passwordHash the encoded password hash as the password hasher wrote it (algorithm and
 *     parameters included), opaque to the store; empty while no password is set, e.g. for an
 *     invited person. At most 512 characters.
 * @param createdAt when the person was created
 */
public record Person(String id, String email, String name, String passwordHash, Instant createdAt) {
  /** The longest e-mail address (RFC 5321 path limit), in characters. */
  public static final int MAX_EMAIL = 254;

  private static final Pattern EMAIL =
      Pattern.compile(
          "[^@\\s\\p{Cntrl}]{1,64}@(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
              + "(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  public Person {
    Checks.id("id", id);
    email = normalizeEmail(email);
    Checks.text("name", name, 200);
    Checks.text("passwordHash", passwordHash, 512);
    createdAt = Checks.instant("createdAt", createdAt);
  }

  /**
   * The form an e-mail address is stored and looked up in: stripped and lower-cased.
   *
   * @throws IllegalArgumentException if it is not an address of the accepted form
   */
  public static String normalizeEmail(String email) {
    Objects.requireNonNull(email, "email");
    String e = email.strip().toLowerCase(Locale.ROOT);
    if (e.length() > MAX_EMAIL || !EMAIL.matcher(e).matches()) {
      throw new IllegalArgumentException(
          "email must be an address like name@example.com of at most "
              + MAX_EMAIL
              + " characters, was '"
              + Checks.shorten(e)
              + "'");
    }
    return e;
  }

  /** Whether a password has been set. */
  public boolean hasPassword() {
    return !passwordHash.isEmpty();
  }

  /** Leaves the password hash out, so that logs never carry it. */
  @Override
  public String toString() {
    return "Person[id="
        + id
        + ", email="
        + email
        + ", name="
        + name
        + ", createdAt="
        + createdAt
        + "]";
  }
}
