package io.footfall.server.ingest;

import io.footfall.core.Site;

/**
 * Decides whether the Bearer token of an ingest request proves that the request comes from the
 * named site's own backend. Such a request may backfill, may forward its visitor's address and user
 * agent in {@code context.ip} / {@code context.user_agent}, and is never judged a bot by its own
 * {@code User-Agent} header (the backend's HTTP client).
 */
@FunctionalInterface
public interface ServerCallers {
  /** Whether {@code token} (the Bearer value, without "Bearer ") proves a caller of the site. */
  boolean provesServerSide(Site site, String token);
}
