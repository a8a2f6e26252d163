package io.footfall.server.export;

import io.footfall.server.http.FootfallException;

/** An export or an email report that cannot be made or changed as asked. */
public final class ExportException extends FootfallException {
  private static final long serialVersionUID = 1L;

  public ExportException(int status, String code, String field, String message) {
    super(status, code, field, message);
  }

  public static ExportException invalid(String field, String message) {
    return new ExportException(400, "invalid_field", field, message);
  }

  public static ExportException notFound(String what) {
    return new ExportException(404, "not_found", "", what + " does not exist");
  }
}
