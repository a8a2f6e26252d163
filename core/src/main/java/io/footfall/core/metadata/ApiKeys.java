package io.footfall.core.metadata;

import io.footfall.core.ApiKey;
import io.footfall.core.StoreConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Organizations' API keys. Scoped and failing as {@link MetadataStore} describes. */
public interface ApiKeys {

  /**
   * Stores a new API key.
   *
   * @throws StoreConflictException if the organization does not exist, or the id or the prefix is
   *     taken
   */
  void create(ApiKey key);

  Optional<ApiKey> find(String organizationId, String keyId);

  /** The organization's keys, revoked ones included, newest first. */
  List<ApiKey> list(String organizationId);

  /**
   * Revokes the key at {@code at}. A key stays revoked at its first revocation time.
   *
   * @return {@code true} if the key was active and is now revoked; {@code false} if it was already
   *     revoked or the organization has no such key
   */
  boolean revoke(String organizationId, String keyId, Instant at);

  /**
   * Records that the key was used at {@code at}; an earlier time never replaces a later one. Each
   * call is a write: callers record at most about once a minute per key.
   *
   * @return {@code false} if the organization has no such key
   */
  boolean touch(String organizationId, String keyId, Instant at);

  /** The key with this public prefix, revoked or not. For authentication only. */
  Optional<ApiKey> byPrefix(String prefix);
}
