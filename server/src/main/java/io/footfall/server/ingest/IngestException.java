package io.footfall.server.ingest;

import io.footfall.server.http.FootfallException;
import java.time.Duration;
import java.util.Map;

/** A whole ingest request was refused; nothing in it was stored. */
public class IngestException extends FootfallException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> headers;

  IngestException(int status, String code, String field, String message) {
    this(status, code, field, message, Map.of());
  }

  private IngestException(
      int status, String code, String field, String message, Map<String, String> headers) {
    super(status, code, field, message);
    this.headers = Map.copyOf(headers);
  }

  static IngestException invalid(String field, String message) {
    return new IngestException(400, "invalid_field", field, message);
  }

  static IngestException malformed(String message) {
    return new IngestException(400, "malformed_body", "", message);
  }

  static IngestException malformed(String field, String message) {
    return new IngestException(400, "malformed_body", field, message);
  }

  static IngestException tooLarge(String field, String message) {
    return new IngestException(413, "too_large", field, message);
  }

  static IngestException unauthenticated(String message) {
    return new IngestException(401, "invalid_secret", "Authorization", message);
  }

  static IngestException unknownSite(String field, String message) {
    return new IngestException(401, "unknown_site", field, message);
  }

  static IngestException overloaded(String message, Duration retryAfter) {
    return new IngestException(
        503,
        "overloaded",
        "",
        message,
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
  }

  static IngestException unavailable(String message) {
    return new IngestException(503, "store_unavailable", "", message, Map.of("Retry-After", "5"));
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }
}
