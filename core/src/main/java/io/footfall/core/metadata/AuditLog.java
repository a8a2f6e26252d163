package io.footfall.core.metadata;

import io.footfall.core.AuditEntry;
import io.footfall.core.StoreConflictException;
import java.time.Instant;
import java.util.List;

/**
 * Each organization's audit log: who did what to which object. Scoped and failing as {@link
 * MetadataStore} describes. Entries outlive the objects they name (a deleted site keeps its
 * entries) until the retention job deletes them.
 */
public interface AuditLog {

  /**
   * Appends an entry to its organization's log.
   *
   * @throws StoreConflictException if the id is taken
   */
  void append(AuditEntry entry);

  /**
   * The organization's newest entries, newest first (ties in time by id, descending).
   *
   * @param limit at most this many entries, at least 1
   */
  List<AuditEntry> latest(String organizationId, int limit);

  /**
   * The organization's entries that come after {@code before} in newest-first order, i.e. older
   * than it (or as old, with a smaller id). Passing the last entry's {@link AuditEntry#cursor()}
   * pages through the log without gaps or repeats while entries are appended.
   *
   * @param limit at most this many entries, at least 1
   */
  List<AuditEntry> before(String organizationId, AuditEntry.Cursor before, int limit);

  /**
   * Deletes every organization's entries older than {@code cutoff}. Installation-wide: for the
   * retention job.
   *
   * @return how many entries were deleted
   */
  int deleteOlderThan(Instant cutoff);
}
