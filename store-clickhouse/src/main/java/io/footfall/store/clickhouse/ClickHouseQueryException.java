package io.footfall.store.clickhouse;

/**
 * ClickHouse answered, and the answer was an error: a syntax error (code 62), an unknown table
 * (60), an unknown user (192; 516 on current versions), a row that does not parse (27), and so on.
 * The statement was not executed, with one exception documented on {@link ClickHouseHttp#insert}:
 * an insert larger than one block may have stored its earlier blocks.
 *
 * <p>{@link #code()} is ClickHouse's numeric error code (stable across versions, listed in its
 * {@code ErrorCodes.cpp}), or {@code 0} when the answer carried none (a proxy's error page, say).
 */
public final class ClickHouseQueryException extends ClickHouseException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final int httpStatus;
  private final String serverMessage;

  ClickHouseQueryException(int code, int httpStatus, String serverMessage, String context) {
    super(
        "ClickHouse refused "
            + context
            + " with HTTP "
            + httpStatus
            + (code == 0 ? "" : ", code " + code)
            + ": "
            + serverMessage);
    this.code = code;
    this.httpStatus = httpStatus;
    this.serverMessage = serverMessage;
  }

  /** ClickHouse's error code, such as 62 for a syntax error; 0 when the answer carried none. */
  public int code() {
    return code;
  }

  /** The HTTP status of the answer (400, 404, 500, ...). */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The server's own description, without the code and the version-specific decoration ({@code
   * e.displayText() = DB::Exception: ...} on 18.16, {@code DB::Exception: ... (SYNTAX_ERROR)
   * (version 24.3.1)} on current versions).
   */
  public String serverMessage() {
    return serverMessage;
  }
}
