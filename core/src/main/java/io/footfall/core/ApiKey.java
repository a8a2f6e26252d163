package io.footfall.core;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An organization's API key. The full key is shown once when it is made; the store keeps its public
 * prefix, to find it and to show it in lists, and the SHA-256 of the full key, to check it.
 *
 * <p>A class rather than a record because two of its times may be absent: "never used" and "not
 * revoked" are {@link Optional} from the accessors, and the constructor (for a new key) and the
 * {@code with...} methods (for what happened to it since) never take {@code null} or an Optional.
 * Instances are immutable; equality is by value.
 */
public final class ApiKey {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{4,32}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private final String id;
  private final String organizationId;
  private final String name;
  private final String prefix;
  private final String secretHash;
  private final Set<Scope> scopes;
  private final Instant createdAt;
  private final String createdBy; // empty: made by the installation
  private final Instant lastUsedAt; // null: never used
  private final Instant revokedAt; // null: not revoked

  /**
   * A key that was never used and is not revoked.
   *
   * @param id stable identifier
   * @param organizationId the organization the key acts for
   * @param name what the key is for, 1 to 200 characters
   * @param prefix the public start of the key, 4 to 32 letters, digits or '_', e.g. {@code
   *     ff_ab12cd34}; unique across the installation
   * @param secretHash SHA-256 of the full key, 64 lower-case hex digits
   * @param scopes what the key may do; at least one
   * @param createdAt when the key was made
   */
  public ApiKey(
      String id,
      String organizationId,
      String name,
      String prefix,
      String secretHash,
      Set<Scope> scopes,
      Instant createdAt) {
    this(id, organizationId, name, prefix, secretHash, scopes, createdAt, "", null, null);
  }

  /**
   * A key made on behalf of a person, never used and not revoked. The key never holds more power
   * than that person's current membership in the organization grants, and stops working when the
   * person may no longer create API keys there (the access policy checks this on every request).
   *
   * @param createdBy the id of the person the key acts for; empty for a key made by the
   *     installation (bootstrap token), which is bounded by its scopes only
   */
  public ApiKey(
      String id,
      String organizationId,
      String name,
      String prefix,
      String secretHash,
      Set<Scope> scopes,
      Instant createdAt,
      String createdBy) {
    this(id, organizationId, name, prefix, secretHash, scopes, createdAt, createdBy, null, null);
  }

  private ApiKey(
      String id,
      String organizationId,
      String name,
      String prefix,
      String secretHash,
      Set<Scope> scopes,
      Instant createdAt,
      String createdBy,
      Instant lastUsedAt,
      Instant revokedAt) {
    this.id = Checks.id("id", id);
    this.organizationId = Checks.id("organizationId", organizationId);
    this.name = Checks.required("name", name, 200);
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix must be 4 to 32 letters, digits or '_', was '" + Checks.shorten(prefix) + "'");
    }
    this.prefix = prefix;
    Objects.requireNonNull(secretHash, "secretHash");
    if (!SHA256_HEX.matcher(secretHash).matches()) {
      throw new IllegalArgumentException(
          "secretHash must be 64 lower-case hex digits (SHA-256), was "
              + secretHash.length()
              + " characters");
    }
    this.secretHash = secretHash;
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("an API key needs at least one scope");
    }
    this.scopes = Set.copyOf(EnumSet.copyOf(scopes));
    this.createdAt = Checks.instant("createdAt", createdAt);
    Objects.requireNonNull(createdBy, "createdBy");
    this.createdBy = createdBy.isEmpty() ? "" : Checks.id("createdBy", createdBy);
    this.lastUsedAt = Checks.optionalInstant(lastUsedAt);
    this.revokedAt = Checks.optionalInstant(revokedAt);
  }

  /** The same key, last used at {@code at}. */
  public ApiKey withLastUsedAt(Instant at) {
    Objects.requireNonNull(at, "at");
    return new ApiKey(
        id, organizationId, name, prefix, secretHash, scopes, createdAt, createdBy, at, revokedAt);
  }

  /** The same key, revoked at {@code at}. */
  public ApiKey withRevokedAt(Instant at) {
    Objects.requireNonNull(at, "at");
    return new ApiKey(
        id, organizationId, name, prefix, secretHash, scopes, createdAt, createdBy, lastUsedAt, at);
  }

  public String id() {
    return id;
  }

  public String organizationId() {
    return organizationId;
  }

  public String name() {
    return name;
  }

  public String prefix() {
    return prefix;
  }

  public String secretHash() {
    return secretHash;
  }

  public Set<Scope> scopes() {
    return scopes;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /**
   * The id of the person the key acts for, whose current membership bounds it; empty for a key made
   * by the installation.
   */
  public String createdBy() {
    return createdBy;
  }

  /** When the key was last accepted; empty if never. */
  public Optional<Instant> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }

  /** When the key was revoked; empty while it is valid. */
  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  /** Whether the key is valid (not revoked). */
  public boolean active() {
    return revokedAt == null;
  }

  /** Whether the key is valid and has the scope. */
  public boolean allows(Scope scope) {
    return active() && scopes.contains(scope);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey k
        && id.equals(k.id)
        && organizationId.equals(k.organizationId)
        && name.equals(k.name)
        && prefix.equals(k.prefix)
        && secretHash.equals(k.secretHash)
        && scopes.equals(k.scopes)
        && createdAt.equals(k.createdAt)
        && createdBy.equals(k.createdBy)
        && Objects.equals(lastUsedAt, k.lastUsedAt)
        && Objects.equals(revokedAt, k.revokedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, organizationId, prefix, createdAt, lastUsedAt, revokedAt);
  }

  /** Leaves the secret hash out. */
  @Override
  public String toString() {
    return "ApiKey[id="
        + id
        + ", organizationId="
        + organizationId
        + ", name="
        + name
        + ", prefix="
        + prefix
        + ", scopes="
        + scopes
        + ", createdAt="
        + createdAt
        + ", createdBy="
        + (createdBy.isEmpty() ? "installation" : createdBy)
        + ", lastUsedAt="
        + lastUsedAt().map(Instant::toString).orElse("never")
        + ", revokedAt="
        + revokedAt().map(Instant::toString).orElse("no")
        + "]";
  }

  /**
   * What a key may do. (Ingest needs no API key: a site's public write key names it.)
   *
   * <p>{@link #code()} is the spelling in the API, e.g. {@code read:stats}.
   */
  public enum Scope {
    /** Read the statistics of every site of the organization. */
    READ_STATS("read:stats"),
    /** Use the admin API of the organization. */
    ADMIN("admin");

    private final String code;

    Scope(String code) {
      this.code = code;
    }

    /** The scope's name in the API. */
    public String code() {
      return code;
    }

    /** The scope with this API name, if any (case-insensitive). */
    public static Optional<Scope> ofCode(String code) {
      String c = code.strip().toLowerCase(Locale.ROOT);
      for (Scope s : values()) {
        if (s.code.equals(c)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }
}
