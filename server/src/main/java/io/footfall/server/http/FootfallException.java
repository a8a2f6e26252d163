package io.footfall.server.http;

import java.util.Map;

/**
 * The root of every error Footfall answers a request with. Each feature extends it with its own
 * exception type; the web layer maps all of them to one JSON shape in one place: {@code
 * {"error":{"code":..., "field":..., "message":...}}}.
 */
public abstract class FootfallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  protected FootfallException(int status, String code, String field, String message) {
    this(status, code, field, message, null);
  }

  /** With the exception that caused it ({@code null} for none), kept for the log. */
  protected FootfallException(
      int status, String code, String field, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** A stable, machine-readable error code, e.g. {@code invalid_field}. */
  public String code() {
    return code;
  }

  /** The request field at fault, or empty when the error is not about one field. */
  public String field() {
    return field;
  }

  /** Extra response headers, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return Map.of();
  }
}
