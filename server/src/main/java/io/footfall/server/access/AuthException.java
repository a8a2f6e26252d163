package io.footfall.server.access;

import io.footfall.server.http.FootfallException;
import java.time.Duration;
import java.util.Map;

/**
 * A request was refused for a reason of identity or access: a weak password, too many failed
 * logins, a missing CSRF token, a mail that could not be delivered.
 */
public class AuthException extends FootfallException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> headers;

  public AuthException(int status, String code, String field, String message) {
    this(status, code, field, message, Map.of(), null);
  }

  public AuthException(
      int status,
      String code,
      String field,
      String message,
      Map<String, String> headers,
      Throwable cause) {
    super(status, code, field, message, cause);
    this.headers = Map.copyOf(headers);
  }

  public static AuthException invalid(String field, String message) {
    return new AuthException(400, "invalid_field", field, message);
  }

  public static AuthException weakPassword(String field, String message) {
    return new AuthException(400, "weak_password", field, message);
  }

  /** 429 with {@code Retry-After} in whole seconds, rounded up so a client never retries early. */
  public static AuthException tooManyAttempts(String message, Duration retryAfter) {
    long seconds = Math.max(1, ceilSeconds(retryAfter));
    return new AuthException(
        429, "too_many_attempts", "", message, Map.of("Retry-After", Long.toString(seconds)), null);
  }

  public static AuthException csrf(String message) {
    return new AuthException(403, "csrf_token_invalid", "", message);
  }

  public static AuthException crossSite(String message) {
    return new AuthException(403, "cross_site_request", "", message);
  }

  public static AuthException unsupportedMediaType(String message) {
    return new AuthException(415, "unsupported_media_type", "Content-Type", message);
  }

  public static long ceilSeconds(Duration duration) {
    return duration.getNano() == 0 ? duration.getSeconds() : duration.getSeconds() + 1;
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }
}
