package io.footfall.core.query;

/**
 * A store could not answer a report query because of the query itself (not a failure of the store):
 * for example a regular expression that its engine rejects. The message says why.
 */
public final class QueryFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueryFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
