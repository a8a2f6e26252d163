package io.footfall.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One data subject's request (GDPR Art. 15 and 20: export; Art. 17: erasure) as the request log
 * keeps it: which site, which kind, who asked, its status and what it found or deleted. The log
 * never holds the subject's ids: {@code subject} is a keyed hash that the same id always gives on
 * the same site (so a later request can be matched to an earlier one), and that is not the form any
 * store keeps the id in.
 *
 * @param id unique identifier
 * @param organizationId the organization of the site
 * @param siteId the site
 * @param kind export or erasure
 * @param subject the keyed hash of the subject's ids, 16 hex digits
 * @param requestedBy who asked, an actor as in {@link AuditEntry#actor()}
 * @param requestedAt when
 * @param status where the request stands
 * @param completedAt when it completed or failed; empty while received
 * @param events the events exported or erased
 * @param properties the person property changes exported or erased
 * @param links the identity links exported or erased
 * @param detail why it failed; empty otherwise; at most 500 characters
 */
public record DataRequest(
    String id,
    String organizationId,
    String siteId,
    Kind kind,
    String subject,
    String requestedBy,
    Instant requestedAt,
    Status status,
    Optional<Instant> completedAt,
    long events,
    long properties,
    long links,
    String detail) {

  /** What was asked for. */
  public enum Kind {
    /** A copy of everything stored of the subject (Art. 15, 20). */
    EXPORT,
    /** Deletion of everything stored of the subject (Art. 17). */
    ERASURE
  }

  /** Where a request stands. */
  public enum Status {
    /** Recorded, being carried out (a request that stays so was cut short: ask again). */
    RECEIVED,
    /** Carried out. */
    COMPLETED,
    /** Could not be carried out; {@code detail} says why. */
    FAILED
  }

  public DataRequest {
    Checks.id("id", id);
    Checks.id("organizationId", organizationId);
    Checks.id("siteId", siteId);
    Objects.requireNonNull(kind, "kind");
    Checks.required("subject", subject, 64);
    Checks.required("requestedBy", requestedBy, 200);
    requestedAt = Checks.instant("requestedAt", requestedAt);
    Objects.requireNonNull(status, "status");
    completedAt = completedAt.map(t -> Checks.instant("completedAt", t));
    if ((status == Status.RECEIVED) != completedAt.isEmpty()) {
      throw new IllegalArgumentException("completedAt is set exactly when the request is done");
    }
    Checks.text("detail", detail, 500);
  }

  /** The request carried out, with what it found or deleted. */
  public DataRequest completed(Instant at, long events, long properties, long links) {
    return new DataRequest(
        id,
        organizationId,
        siteId,
        kind,
        subject,
        requestedBy,
        requestedAt,
        Status.COMPLETED,
        Optional.of(at),
        events,
        properties,
        links,
        "");
  }

  /** The request failed, with why. */
  public DataRequest failed(Instant at, String why) {
    return new DataRequest(
        id,
        organizationId,
        siteId,
        kind,
        subject,
        requestedBy,
        requestedAt,
        Status.FAILED,
        Optional.of(at),
        0,
        0,
        0,
        why.length() <= 500 ? why : why.substring(0, 497) + "...");
  }
}
