package io.footfall.store.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A client of ClickHouse's HTTP interface (port 8123), written over {@link HttpClient} because the
 * official JDBC drivers refuse the 18.16 servers that Debian ships, and because the interface is
 * small: a statement in the body of a POST (or, for an insert, in the {@code query} URL parameter
 * with the rows as the body), settings as URL parameters, results and rows in {@code TabSeparated}
 * text ({@link TabSeparatedRow}). Thread-safe; one instance holds one pool of keep-alive
 * connections and should be shared, then {@linkplain #close() closed}.
 *
 * <p>Every request carries:
 *
 * <ul>
 *   <li>{@code database}, when {@linkplain Builder#database set}: unqualified table names resolve
 *       there;
 *   <li>the user and password as the {@code X-ClickHouse-User} and {@code X-ClickHouse-Key}
 *       headers, when {@linkplain Builder#credentials set} (never in the URL, which ends up in
 *       logs);
 *   <li>the client's default settings, then the query's own ({@link ClickHouseQuery#withSetting})
 *       and its {@code query_id};
 *   <li>{@code max_execution_time} of the query timeout, rounded up to whole seconds, unless a
 *       setting names it: the server then stops a query the client has given up on;
 *   <li>for statements other than inserts, {@code wait_end_of_query=1}. Without it ClickHouse
 *       streams the result as it is computed and has already answered 200 when a later block fails,
 *       writing the error text after the rows (measured on 18.16 with {@code throwIf} at row
 *       200,000: status 200, the rows, then {@code Code: 395, ...}); with it the server buffers the
 *       result (in memory, then in a temporary file) and a failure is a 500. Footfall's results are
 *       aggregates, small enough to buffer.
 * </ul>
 *
 * <p>A 200 answer that nevertheless carries {@code X-ClickHouse-Exception-Code} (current versions
 * send it when the request body could not be read in time) is an error too.
 *
 * <p>Failures: an answer other than 200 is a {@link ClickHouseQueryException} with ClickHouse's
 * error code and message; no answer (refused connection, broken connection, {@linkplain
 * Builder#queryTimeout timeout}) is a {@link ClickHouseConnectionException}, whose outcome is
 * unknown; an answer that cannot be read is a plain {@link ClickHouseException}. Nothing is retried
 * here, since whether a retry is safe depends on the statement, with one exception: a request on a
 * pooled connection that the server had already closed as idle gets no byte back ("header parser
 * received no bytes"), was never read, and is sent once more on a new connection. That happened in
 * CI: ClickHouse closes idle connections after 3 s, the JDK client keeps them 30 s.
 */
public final class ClickHouseHttp implements AutoCloseable {
  private static final int ERROR_BODY_LIMIT = 64 * 1024;

  private final URI endpoint;
  private final HttpClient http;
  private final String database;
  private final String user;
  private final String password;
  private final Duration queryTimeout;
  private final Map<String, String> settings;

  private ClickHouseHttp(Builder b) {
    this.endpoint = b.endpoint;
    this.database = b.database;
    this.user = b.user;
    this.password = b.password;
    this.queryTimeout = b.queryTimeout;
    this.settings = Map.copyOf(b.settings);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(b.connectTimeout)
            .build();
  }

  /**
   * A builder for a client of the server at {@code endpoint}, such as {@code
   * http://127.0.0.1:8123/}.
   */
  public static Builder builder(URI endpoint) {
    return new Builder(endpoint);
  }

  /** Runs a statement whose result, if any, is not needed (DDL, {@code INSERT ... SELECT}). */
  public void execute(String sql) {
    execute(ClickHouseQuery.sql(sql));
  }

  /** Runs a statement whose result, if any, is not needed (DDL, {@code INSERT ... SELECT}). */
  public void execute(ClickHouseQuery query) {
    forEachRow(query, row -> {});
  }

  /** All rows of a query's result, in the server's order. */
  public List<TabSeparatedRow> select(String sql) {
    return select(ClickHouseQuery.sql(sql));
  }

  /** All rows of a query's result, in the server's order. */
  public List<TabSeparatedRow> select(ClickHouseQuery query) {
    List<TabSeparatedRow> rows = new ArrayList<>();
    forEachRow(query, rows::add);
    return rows;
  }

  /**
   * Hands each row of a query's result to {@code action} as it is read, and returns how many there
   * were. The statement must not carry a {@code FORMAT} clause: the answer is read as {@code
   * TabSeparated}, ClickHouse's default.
   */
  public long forEachRow(ClickHouseQuery query, Consumer<TabSeparatedRow> action) {
    if (!query.insertColumns().isEmpty()) {
      throw new IllegalArgumentException(
          "an insert of rows goes through insert(query, rows), not a select: " + query);
    }
    Map<String, String> params = parameters(query);
    params.put("wait_end_of_query", "1");
    HttpRequest request =
        request(params).POST(HttpRequest.BodyPublishers.ofString(query.text())).build();
    String context = describe(query);
    HttpResponse<InputStream> response = send(request, context);
    try (InputStream body = response.body()) {
      failUnlessOk(response, body, context);
      TabSeparatedReader reader = new TabSeparatedReader(body);
      long count = 0;
      for (Optional<TabSeparatedRow> row = reader.next(); row.isPresent(); row = reader.next()) {
        action.accept(row.get());
        count++;
      }
      return count;
    } catch (IOException e) {
      throw new ClickHouseConnectionException(
          "reading the answer to " + context + " failed: " + e, e);
    }
  }

  /**
   * Inserts rows with {@code INSERT INTO table (columns) FORMAT TabSeparated} ({@link
   * ClickHouseQuery#insertInto}), the rows streamed as the request body. Every row must have as
   * many fields as the insert names columns; this is checked before the first byte is sent, because
   * a body that stops early is stored, not refused (below). No rows, no request.
   *
   * <p><b>What a 200 answer means</b>, established on 18.16.1 (see {@code store-clickhouse/
   * CLICKHOUSE-SQL.md} for the commands):
   *
   * <ul>
   *   <li><b>Atomic per block.</b> The server parses the body into blocks of {@code
   *       max_insert_block_size} rows (default 1,048,576) and writes each block as one new part,
   *       all or nothing. An insert of at most that many rows is atomic: a row that does not parse
   *       fails the whole insert and stores nothing. A larger insert is not: with {@code
   *       max_insert_block_size=2} (and the squashing thresholds {@code
   *       min_insert_block_size_rows/bytes} lowered to match), a bad fourth row left rows 1 and 2
   *       stored behind a 500. Footfall's batches are far below a million rows.
   *   <li><b>Committed and visible</b> when 200 comes back: the part was written into a {@code
   *       tmp_insert_*} directory and renamed into place before the answer, so later queries see it
   *       and it survives {@code kill -9} of the server (measured: a restarted server counted it).
   *   <li><b>Not synced to disk.</b> 18.16 calls neither {@code fsync} nor {@code fdatasync} on
   *       insert ({@code strace -f -e trace=fsync,fdatasync,rename} of the server during an insert
   *       shows the one {@code rename} and no sync); {@code system.merge_tree_settings} has no
   *       fsync setting, and {@code system.settings} only {@code fsync_metadata}, which covers
   *       {@code .sql} metadata files. The table settings {@code fsync_after_insert} and {@code
   *       fsync_part_directory} came with ClickHouse 20.x (its pull request 11948); on such
   *       versions tables should be created with both. On 18.16 a power loss or kernel crash within
   *       the page cache's write-back delay (about 30 s by default) can lose the newest
   *       acknowledged inserts: durability then rests on replication, not on the single node.
   *   <li>{@code insert_quorum} applies to {@code Replicated*MergeTree} only; on a single node it
   *       changes nothing.
   *   <li><b>A cut-off body is stored.</b> 18.16 does not tell the end of a chunked or {@code
   *       Content-Length} body from a dropped connection: a client that dies after sending some
   *       rows gets those rows stored (measured with a raw socket: both framings, 200 and the
   *       prefix counted; ClickHouse issue 9666, fixed for chunked bodies in later versions).
   *       Callers that must store a batch exactly once therefore need a way to find a partly stored
   *       batch after a crash, such as event ids checked on replay.
   * </ul>
   */
  public void insert(ClickHouseQuery insert, List<TabSeparatedRow> rows) {
    List<String> columns = insert.insertColumns();
    if (columns.isEmpty()) {
      throw new IllegalArgumentException(
          "insert needs a query from ClickHouseQuery.insertInto, not: " + insert);
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).size() != columns.size()) {
        throw new IllegalArgumentException(
            "row "
                + i
                + " has "
                + rows.get(i).size()
                + " fields, and the insert names "
                + columns.size()
                + " columns: "
                + insert);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    Map<String, String> params = parameters(insert);
    params.put("query", insert.text());
    List<TabSeparatedRow> snapshot = List.copyOf(rows);
    HttpRequest request =
        request(params)
            .header("Content-Type", "text/tab-separated-values; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new TabSeparatedBody(snapshot)))
            .build();
    String context = rows.size() + " rows for " + describe(insert);
    HttpResponse<InputStream> response = send(request, context);
    try (InputStream body = response.body()) {
      failUnlessOk(response, body, context);
      body.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new ClickHouseConnectionException(
          "reading the answer to " + context + " failed: " + e, e);
    }
  }

  /** Closes the connection pool; requests in flight fail. */
  @Override
  public void close() {
    http.close();
  }

  private Map<String, String> parameters(ClickHouseQuery query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (database != null) {
      params.put("database", database);
    }
    query.queryId().ifPresent(id -> params.put("query_id", id));
    params.put("max_execution_time", Long.toString(ceilSeconds(queryTimeout)));
    params.putAll(settings);
    params.putAll(query.settings());
    return params;
  }

  private HttpRequest.Builder request(Map<String, String> params) {
    StringBuilder uri = new StringBuilder(endpoint.toString());
    char sep = endpoint.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> p : params.entrySet()) {
      uri.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      sep = '&';
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri.toString())).timeout(queryTimeout);
    if (user != null) {
      b.header("X-ClickHouse-User", user).header("X-ClickHouse-Key", password);
    }
    return b;
  }

  private HttpResponse<InputStream> send(HttpRequest request, String context) {
    try {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        if (!closedBeforeAnswering(e)) {
          throw e;
        }
        // The pooled connection had been closed by the server as idle before it read the request
        // (ClickHouse's keep_alive_timeout, 3 s by default, is shorter than the JDK client's):
        // nothing was run, so the one retry, on a new connection, cannot run a statement twice.
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      }
    } catch (HttpTimeoutException e) {
      throw new ClickHouseConnectionException(
          "no answer from ClickHouse at "
              + endpoint
              + " within "
              + queryTimeout.toMillis()
              + " ms to "
              + context
              + " ("
              + e.getMessage()
              + ")",
          e);
    } catch (ConnectException e) {
      throw new ClickHouseConnectionException(
          "cannot connect to ClickHouse at " + endpoint + " for " + context + ": " + e, e);
    } catch (IOException e) {
      throw new ClickHouseConnectionException(
          "the request to ClickHouse at " + endpoint + " failed for " + context + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClickHouseConnectionException(
          "interrupted while waiting for ClickHouse at " + endpoint + " to answer " + context, e);
    }
  }

  /**
   * Whether the request failed because the connection was closed before a single byte of answer
   * came back, as when the server had closed a pooled connection as idle.
   */
  static boolean closedBeforeAnswering(IOException e) {
    if (e instanceof HttpTimeoutException || e instanceof ConnectException) {
      return false;
    }
    String message = String.valueOf(e.getMessage());
    return message.contains("received no bytes");
  }

  private static void failUnlessOk(
      HttpResponse<InputStream> response, InputStream body, String context) throws IOException {
    Optional<String> codeHeader = response.headers().firstValue("X-ClickHouse-Exception-Code");
    if (response.statusCode() == 200 && codeHeader.isEmpty()) {
      return;
    }
    byte[] bytes = body.readNBytes(ERROR_BODY_LIMIT);
    ServerError error = ServerError.parse(new String(bytes, StandardCharsets.UTF_8), codeHeader);
    throw new ClickHouseQueryException(
        error.code(), response.statusCode(), error.message(), context);
  }

  private static String describe(ClickHouseQuery query) {
    return query.queryId().map(id -> "query " + id + " ").orElse("") + "'" + query + "'";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static long ceilSeconds(Duration d) {
    long s = d.getSeconds();
    return d.getNano() > 0 ? s + 1 : s;
  }

  /**
   * Settings of a {@link ClickHouseHttp}; every one has a default, and none can change once the
   * client is built.
   */
  public static final class Builder {
    private final URI endpoint;
    private String database;
    private String user;
    private String password;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration queryTimeout = Duration.ofSeconds(60);
    private final Map<String, String> settings = new LinkedHashMap<>();

    private Builder(URI endpoint) {
      String scheme = Objects.requireNonNull(endpoint, "endpoint").getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "ClickHouse endpoint " + endpoint + " is not an http:// or https:// URI");
      }
      this.endpoint = endpoint.getPath().isEmpty() ? endpoint.resolve("/") : endpoint;
    }

    /** The database that unqualified table names resolve in. Default: the server's default. */
    public Builder database(String name) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("database name '" + name + "' is not an identifier");
      }
      this.database = name;
      return this;
    }

    /** The user and password to send. Default: none, which the server takes as {@code default}. */
    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** How long to wait for a TCP connection. Default: 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /**
     * How long to wait for the answer to one request, sent to the server as {@code
     * max_execution_time} as well. Default: 60 s.
     */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = positive(timeout, "query timeout");
      return this;
    }

    /** A setting sent with every request (a query's own setting of the same name wins). */
    public Builder setting(String name, String value) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("setting name '" + name + "' is not an identifier");
      }
      settings.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The client. */
    public ClickHouseHttp build() {
      return new ClickHouseHttp(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, not " + d);
      }
      return d;
    }
  }
}
