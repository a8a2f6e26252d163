package io.footfall.server.query;

import io.footfall.server.http.FootfallException;

/** A query the API cannot answer as asked; the message names the field and what is allowed. */
public final class QueryException extends FootfallException {
  private static final long serialVersionUID = 1L;

  public QueryException(String field, String message) {
    super(400, "invalid_query", field, message);
  }
}
