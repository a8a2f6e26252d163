package io.footfall.bench;

import io.footfall.store.clickhouse.ClickHouseHttp;
import io.footfall.store.clickhouse.ClickHouseServer;
import io.footfall.store.clickhouse.ClickHouseStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The people benchmarks' generated month ({@link FunnelBenchmark#SITE} in a DuckDB file), copied
 * into a throwaway {@code clickhouse-server}: the store creates its tables, then {@code events},
 * {@code person_links} and {@code person_properties} are filled from CSV files DuckDB writes, which
 * takes a minute where 10M {@code ClickHouseStore.write}s would take twelve. Closing stops the
 * server and deletes its files and the CSV files.
 */
final class ClickHouseMonthCopy implements AutoCloseable {
  private static final String EVENT_COLUMNS =
      "site_id, event_id, ts, received_at, name, visitor_id, session_id, user_id, hostname,"
          + " pathname, source, country, device, props, revenue_amount, revenue_currency";

  private final ClickHouseServer server;
  private final ClickHouseStore store;
  private final ClickHouseHttp admin;

  private ClickHouseMonthCopy(
      ClickHouseServer server, ClickHouseStore store, ClickHouseHttp admin) {
    this.server = server;
    this.store = store;
    this.admin = admin;
  }

  /**
   * Copies the site's events, links and property changes of the DuckDB file on {@code duck} into a
   * new server's database {@code database}; fails unless ClickHouse then holds as many events.
   */
  static ClickHouseMonthCopy of(
      Connection duck, String database, ClickHouseOptions options, PrintStream out)
      throws SQLException, IOException {
    Path csv = Files.createTempDirectory("footfall-people-bench");
    try {
      export(duck, csv);
      long inFile = count(duck);
      ClickHouseServer server = options.start();
      ClickHouseStore store = null;
      ClickHouseHttp admin = null;
      try {
        store =
            ClickHouseStore.builder(server.endpoint(0))
                .database(database)
                .timeout(Duration.ofMinutes(10))
                .open();
        admin =
            ClickHouseHttp.builder(server.endpoint(0))
                .database(database)
                .queryTimeout(Duration.ofMinutes(30))
                .build();
        long l0 = System.nanoTime();
        load(server.endpoint(0), database, "events (" + EVENT_COLUMNS + ")", csv, "events");
        load(
            server.endpoint(0),
            database,
            "person_links (site_id, visitor_id, user_id, linked_at, event_id)",
            csv,
            "links");
        load(
            server.endpoint(0),
            database,
            "person_properties (site_id, user_id, at, event_id, seq, op, key, value_json,"
                + " value_text)",
            csv,
            "properties");
        admin.execute("OPTIMIZE TABLE events FINAL");
        long loaded = admin.select("SELECT count() FROM events").getFirst().int64(0);
        out.printf(
            "loaded %,d events into ClickHouse in %.1f s%n",
            loaded, (System.nanoTime() - l0) / 1e9);
        if (loaded != inFile) {
          throw new BenchException(
              "ClickHouse holds " + loaded + " events, the DuckDB file " + inFile);
        }
        return new ClickHouseMonthCopy(server, store, admin);
      } catch (RuntimeException | IOException e) {
        if (admin != null) {
          admin.close();
        }
        if (store != null) {
          store.close();
        }
        ClickHouseOptions.stop(server);
        throw e;
      }
    } finally {
      try (var files = Files.list(csv)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(csv);
    }
  }

  /** The store over the copy. */
  ClickHouseStore store() {
    return store;
  }

  /** A client of the copy's database, for the hand-written statements. */
  ClickHouseHttp admin() {
    return admin;
  }

  @Override
  public void close() {
    admin.close();
    store.close();
    ClickHouseOptions.stop(server);
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM events WHERE site_id = '" + FunnelBenchmark.SITE + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Writes the site's rows as CSV, in the column order {@link #of} names for each table. */
  private static void export(Connection c, Path dir) throws SQLException {
    String site = "'" + FunnelBenchmark.SITE + "'";
    try (Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT site_id, event_id, epoch_us(ts), epoch_us(received_at), name, visitor_id,"
              + " session_id, coalesce(user_id, ''), coalesce(hostname, ''),"
              + " coalesce(pathname, ''), coalesce(source, ''), coalesce(country, ''),"
              + " coalesce(device, ''), coalesce(props, '{}'), revenue_amount,"
              + " coalesce(revenue_currency, '') FROM events WHERE site_id = "
              + site
              + ") TO '"
              + dir.resolve("events.csv")
              + "' (HEADER false, NULLSTR '\\N')");
      s.execute(
          "COPY (SELECT site_id, visitor_id, user_id, epoch_us(linked_at), event_id FROM"
              + " person_links WHERE site_id = "
              + site
              + ") TO '"
              + dir.resolve("links.csv")
              + "' (HEADER false)");
      // ClickHouse's writer also keeps a 'seen' row for an update that only links a visitor (the
      // DuckDB writer keeps the link alone), which is what makes a person's link time count.
      s.execute(
          "COPY (SELECT site_id, user_id, epoch_us(ts), event_id, seq, op, coalesce(key, ''),"
              + " coalesce(value_json, ''), coalesce(value_text, '') FROM person_properties"
              + " WHERE site_id = "
              + site
              + " UNION ALL SELECT site_id, user_id, epoch_us(linked_at), event_id, 0, 'seen', '',"
              + " '', '' FROM person_links WHERE site_id = "
              + site
              + ") TO '"
              + dir.resolve("properties.csv")
              + "' (HEADER false)");
    }
  }

  /** Streams {@code dir/name.csv} into a table over ClickHouse's HTTP interface. */
  private static void load(URI endpoint, String database, String table, Path dir, String name)
      throws IOException {
    Path file = dir.resolve(name + ".csv");
    String query = "INSERT INTO " + table + " FORMAT CSV";
    URI uri =
        URI.create(
            endpoint.toString().replaceAll("/$", "")
                + "/?database="
                + database
                + "&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofMinutes(30))
                  .POST(HttpRequest.BodyPublishers.ofFile(file))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new BenchException(
            "loading "
                + file
                + " into ClickHouse failed: "
                + response.statusCode()
                + " "
                + response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while loading " + file, e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
