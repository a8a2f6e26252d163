package io.footfall.store.clickhouse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One statement for {@link ClickHouseHttp}, with the per-query settings and the query id that
 * travel as URL parameters beside it. Immutable: {@code with...} returns a copy.
 *
 * <p>Settings are ClickHouse's own ({@code max_threads}, {@code insert_distributed_sync}, ...); a
 * setting the server does not know fails the query with code 115. A setting given here wins over
 * the client's defaults. Values reach the server as text, the way {@code SET name = value} would.
 */
public final class ClickHouseQuery {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TABLE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern QUERY_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  private final String text;
  private final List<String> insertColumns;
  private final Map<String, String> settings;
  private final String queryId;

  private ClickHouseQuery(
      String text, List<String> insertColumns, Map<String, String> settings, String queryId) {
    this.text = text;
    this.insertColumns = insertColumns;
    this.settings = settings;
    this.queryId = queryId;
  }

  /**
   * A statement: a {@code SELECT}, DDL, {@code INSERT ... SELECT}, {@code ALTER}. Values in it are
   * rendered with {@link ClickHouseLiterals}; there are no bound parameters on 18.16.
   */
  public static ClickHouseQuery sql(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("the query text is blank");
    }
    return new ClickHouseQuery(text, List.of(), Map.of(), null);
  }

  /**
   * {@code INSERT INTO table (columns) FORMAT TabSeparated}, for {@link ClickHouseHttp#insert}.
   * Table and column names are plain identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}, the table
   * optionally as {@code database.table}), so they need no quoting on any ClickHouse version.
   */
  public static ClickHouseQuery insertInto(String table, List<String> columns) {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table name '" + table + "' is not a plain identifier (optionally database.table)");
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("an insert into " + table + " names no column");
    }
    for (String c : columns) {
      if (!NAME.matcher(c).matches()) {
        throw new IllegalArgumentException(
            "column name '" + c + "' for " + table + " is not a plain identifier");
      }
    }
    String text =
        "INSERT INTO " + table + " (" + String.join(", ", columns) + ") FORMAT TabSeparated";
    return new ClickHouseQuery(text, List.copyOf(columns), Map.of(), null);
  }

  /** A copy with one more setting (replacing an earlier value of the same name). */
  public ClickHouseQuery withSetting(String name, String value) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("setting name '" + name + "' is not an identifier");
    }
    Objects.requireNonNull(value, "value");
    Map<String, String> copy = new LinkedHashMap<>(settings);
    copy.put(name, value);
    return new ClickHouseQuery(text, insertColumns, copy, queryId);
  }

  /**
   * A copy with a query id: ClickHouse shows it in {@code system.processes} and {@code
   * system.query_log}, {@code KILL QUERY WHERE query_id = ...} stops it, and a second query with
   * the id of one still running is refused (code 216). 1 to 128 characters of {@code
   * [A-Za-z0-9_.:-]}.
   */
  public ClickHouseQuery withQueryId(String id) {
    if (!QUERY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "query id '" + id + "' is not 1 to 128 characters of [A-Za-z0-9_.:-]");
    }
    return new ClickHouseQuery(text, insertColumns, settings, id);
  }

  /** The statement's text. */
  public String text() {
    return text;
  }

  /** The settings sent with it, in the order they were added. */
  public Map<String, String> settings() {
    return settings.isEmpty() ? Map.of() : Collections.unmodifiableMap(settings);
  }

  /** The query id, when one was set. */
  public Optional<String> queryId() {
    return Optional.ofNullable(queryId);
  }

  /** The columns of an {@link #insertInto} statement; empty for any other. */
  List<String> insertColumns() {
    return insertColumns;
  }

  @Override
  public String toString() {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
