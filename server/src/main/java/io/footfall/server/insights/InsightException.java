package io.footfall.server.insights;

import io.footfall.server.http.FootfallException;

/** A request about saved insights was refused: a field at fault, a limit, a missing insight. */
public final class InsightException extends FootfallException {
  private static final long serialVersionUID = 1L;

  private InsightException(int status, String code, String field, String message) {
    super(status, code, field, message);
  }

  static InsightException invalid(String field, String message) {
    return new InsightException(400, "invalid_field", field, message);
  }

  static InsightException limitReached(String message) {
    return new InsightException(409, "limit_reached", "", message);
  }

  static InsightException notFound(String what) {
    return new InsightException(404, "not_found", "", what + " does not exist");
  }
}
