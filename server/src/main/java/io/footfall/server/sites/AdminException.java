package io.footfall.server.sites;

import io.footfall.server.http.FootfallException;

/** An administrative request was refused. */
public class AdminException extends FootfallException {
  private static final long serialVersionUID = 1L;

  public AdminException(int status, String code, String field, String message) {
    super(status, code, field, message);
  }

  public static AdminException invalid(String field, String message) {
    return new AdminException(400, "invalid_field", field, message);
  }

  public static AdminException notFound(String what) {
    return new AdminException(404, "not_found", "", what + " does not exist");
  }

  public static AdminException unauthorized(String message) {
    return new AdminException(401, "unauthorized", "", message);
  }
}
