package io.footfall.server.access;

import io.footfall.server.http.FootfallException;

/** A request is not authenticated (401), not allowed (403), or names something not its (404). */
public class AccessException extends FootfallException {
  private static final long serialVersionUID = 1L;

  AccessException(int status, String code, String message) {
    super(status, code, "", message);
  }

  public static AccessException unauthenticated(String message) {
    return new AccessException(401, "unauthenticated", message);
  }

  public static AccessException denied(String message) {
    return new AccessException(403, "forbidden", message);
  }

  /** The same answer whether the object does not exist or belongs to someone else. */
  public static AccessException notFound(String what) {
    return new AccessException(404, "not_found", what + " does not exist");
  }
}
