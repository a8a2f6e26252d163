package io.footfall.store.clickhouse;

/**
 * Root of everything that can go wrong talking to ClickHouse. Thrown as such when the server's
 * answer cannot be read (not strict UTF-8, a cut-off row, a malformed escape); the two subclasses
 * say whether the server refused the query ({@link ClickHouseQueryException}) or could not be
 * reached or did not answer in time ({@link ClickHouseConnectionException}).
 */
public sealed class ClickHouseException extends RuntimeException
    permits ClickHouseQueryException, ClickHouseConnectionException {
  private static final long serialVersionUID = 1L;

  ClickHouseException(String message) {
    super(message);
  }

  ClickHouseException(String message, Throwable cause) {
    super(message, cause);
  }
}
