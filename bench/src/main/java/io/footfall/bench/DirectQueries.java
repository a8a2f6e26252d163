package io.footfall.bench;

import io.footfall.core.EventStore;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.query.sql.CompiledQuery;
import io.footfall.query.sql.QueryCompiler;
import io.footfall.store.duckdb.DuckDbStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs a request's report queries straight on the store, in this process, through {@link
 * EventStore#report} as the server's QueryService does. On the DuckDB store file ({@link
 * DuckDbStore#report}): from the daily rollups when they answer the query and are fresh, else the
 * statement the compiler the server uses ({@link DuckDbStore#queryCompiler()}) makes, over a fresh
 * connection. The time covers planning, compiling, preparing, executing, reading and assembling,
 * for all of a request's queries in turn, as the server runs them; what HTTP adds on top is the
 * server's own cost. On ClickHouse, {@link io.footfall.store.clickhouse.ClickHouseStore#report}
 * runs the compiler's steps over HTTP to the same ClickHouse server the Footfall server reads.
 */
final class DirectQueries {
  private static final QueryCompiler COMPILER = DuckDbStore.queryCompiler();

  private final EventStore store;

  DirectQueries(EventStore store) {
    this.store = store;
  }

  /** Runs the statements with moving ranges ending now; returns the time taken. */
  long run(ServedStatements statements) {
    long start = System.nanoTime();
    for (ReportQuery q : statements.at(Instant.now())) {
      store.report(q);
    }
    return System.nanoTime() - start;
  }

  /** Runs the statements as served (moving ranges not moved) and assembles their reports. */
  List<Report> reports(ServedStatements statements) {
    List<Report> out = new ArrayList<>();
    for (ReportQuery q : statements.queries()) {
      out.add(store.report(q));
    }
    return out;
  }

  /** Runs each request's statements at once, each request on its own platform thread. */
  ConcurrentRun runTogether(List<ServedStatements> requests) {
    List<Callable<Long>> tasks = new ArrayList<>();
    for (ServedStatements s : requests) {
      tasks.add(() -> run(s));
    }
    return ConcurrentRun.of(tasks, Thread.ofPlatform().daemon(true).factory());
  }

  /** The plan with actual times of the query's statement ({@code EXPLAIN ANALYZE}), as text. */
  String explainAnalyze(ReportQuery q) {
    if (!(store instanceof DuckDbStore duck)) {
      throw new BenchException("plans are written for the DuckDB store only, not " + store);
    }
    CompiledQuery sql = COMPILER.compile(q);
    StringBuilder out = new StringBuilder();
    try (Connection c = duck.connection();
        PreparedStatement ps = c.prepareStatement("EXPLAIN ANALYZE " + sql.sql())) {
      bind(ps, sql);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.append(rs.getString(rs.getMetaData().getColumnCount())).append('\n');
        }
      }
      return out.toString();
    } catch (SQLException e) {
      throw new BenchException("EXPLAIN ANALYZE failed: " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, CompiledQuery sql) throws SQLException {
    List<Object> params = sql.parameters();
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }
}
