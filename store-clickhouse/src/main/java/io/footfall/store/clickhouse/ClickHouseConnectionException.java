package io.footfall.store.clickhouse;

/**
 * ClickHouse could not be reached, the connection broke, or no answer came within the query
 * timeout. Unlike a {@link ClickHouseQueryException}, the outcome is unknown: the server may have
 * executed the statement, so an {@code INSERT} that ends here may or may not have been stored.
 */
public final class ClickHouseConnectionException extends ClickHouseException {
  private static final long serialVersionUID = 1L;

  ClickHouseConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
