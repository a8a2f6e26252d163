package io.footfall.server.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on what one ingest request may carry. Requests beyond them get a 4xx naming the limit.
 *
 * @param maxBatchEvents events per request; default 500
 * @param maxRequestBytes request body bytes, after gzip decoding; default 1 MiB
 * @param maxEventBytes JSON bytes of one event; default 32 KiB
 * @param maxProperties custom properties per event; default 64
 * @param maxStringLength characters of a property value, title or id; default 1024
 * @param maxUrlLength characters of a URL or referrer; default 2048
 * @param maxAge oldest accepted event from a public (write key) request; default 7 days
 * @param maxBackfillAge oldest accepted event from an authenticated server-side request; default
 *     400 days
 * @param maxFutureSkew how far after receipt a skew-corrected timestamp may lie; default 5 minutes
 */
public record IngestLimits(
    int maxBatchEvents,
    int maxRequestBytes,
    int maxEventBytes,
    int maxProperties,
    int maxStringLength,
    int maxUrlLength,
    Duration maxAge,
    Duration maxBackfillAge,
    Duration maxFutureSkew) {
  public static final IngestLimits DEFAULTS =
      new IngestLimits(
          500,
          1 << 20,
          32 << 10,
          64,
          1024,
          2048,
          Duration.ofDays(7),
          Duration.ofDays(400),
          Duration.ofMinutes(5));

  public IngestLimits {
    if (maxBatchEvents < 1
        || maxRequestBytes < 1024
        || maxEventBytes < 256
        || maxEventBytes > maxRequestBytes
        || maxProperties < 0
        || maxStringLength < 16
        || maxUrlLength < 64) {
      throw new IllegalArgumentException("ingest limits out of range: " + this);
    }
    requirePositive(maxAge, "maxAge");
    requirePositive(maxBackfillAge, "maxBackfillAge");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
