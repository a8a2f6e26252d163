package io.footfall.store.duckdb;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.SchemaMigrations;
import io.footfall.core.StoreException;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.QueryFailedException;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.query.sql.CompiledQuery;
import io.footfall.query.sql.QueryCompiler;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolableConnectionFactory;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The embedded event store: events, people and ingest counters in one DuckDB file. The same file
 * holds the metadata tables too, which the metadata store manages over {@link #connection()}.
 *
 * <p>Design note. DuckDB allows one process to open a file, with many connections inside it. The
 * writer thread owns {@link #writer}; every other call takes a fresh {@code duplicate()} of it,
 * which shares the database but not the transaction. Events and person updates go in through
 * DuckDB's Appender, inside one transaction begun and committed with SQL statements together with
 * the counters: that commit, WAL-synced, is the durability point the collector acknowledges after,
 * and a batch that fails leaves nothing behind.
 */
public final class DuckDbStore implements EventStore {
  private static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "event_migrations",
          DuckDbStore.class,
          List.of(
              "V001__events.sql",
              "V002__rollups.sql",
              "V003__rollup_periods.sql",
              "V004__people.sql",
              "V005__raw_horizons.sql"));

  /**
   * WAL size at which DuckDB checkpoints inside a commit. Checkpoints stall the committing writer
   * for hundreds of milliseconds, so the default (16 MiB) is raised and the writer checkpoints in
   * its idle moments instead ({@link #idle()}); this is only the backstop under sustained load.
   */
  static final String CHECKPOINT_THRESHOLD = "256MB";

  /** WAL size above which an idle moment is used for a checkpoint. */
  static final long IDLE_CHECKPOINT_BYTES = 8L << 20;

  private static final QueryCompiler COMPILER = new QueryCompiler(new DuckDbDialect());

  private final Path file;
  private final long memoryLimitMiB;
  private final Optional<DuckDbEncryption> encryption;
  // The writer's connection and everything made from it are replaced when the file is compacted
  // (compact()); they are read and replaced under this lock, by the writer thread and the jobs.
  private final Object lock = new Object();
  private DuckDBConnection writer;
  // Reused across writes: creating an appender costs about a millisecond per commit (measured).
  private DuckDBAppender appender;
  private PeopleWriter peopleWriter;
  private final DuckDbPeople people;
  private final DuckDbRetention retention;
  private final DuckDbActiveUsers activeUsers;
  private final DuckDbPaths paths;
  private final DuckDbFunnels funnels;
  private volatile boolean closed;
  // Rollups: the (site, UTC day) pairs marked dirty in the current generation (guarded by writer).
  private final Set<String> marked = new HashSet<>();
  private long generation;
  private final Rollups rollups;
  private final Object building = new Object();
  private volatile boolean rollupsInUse = true;
  private volatile boolean buildRunning;
  private final java.util.concurrent.atomic.AtomicLong rollupAnswers =
      new java.util.concurrent.atomic.AtomicLong();

  // Connections for everything but the writer, kept open with their prepared statements: DuckDB
  // spends about as long preparing a report's statements as running them (measured on the
  // dashboard's first screen), and a statement prepared once runs again with new parameters.
  private volatile GenericObjectPool<PoolableConnection> pool;
  private volatile PoolingDataSource<PoolableConnection> connections;
  // Connections handed out and not yet closed; while a compaction waits for them to come back,
  // none is handed out (paused). Guarded by gate.
  private final Object gate = new Object();
  private int borrowed;
  private boolean paused;

  /** Prepared statements kept per pooled connection; the least recently used go first. */
  static final int STATEMENTS_PER_CONNECTION = 128;

  /** Idle connections kept open; more are opened when needed (never waited for). */
  static final int IDLE_CONNECTIONS = 8;

  private DuckDbStore(
      Path file,
      long memoryLimitMiB,
      Optional<DuckDbEncryption> encryption,
      DuckDBConnection writer,
      long generation)
      throws SQLException {
    this.file = file;
    this.memoryLimitMiB = memoryLimitMiB;
    this.encryption = encryption;
    this.writer = writer;
    this.generation = generation;
    this.pool = pool(writer);
    this.connections = new PoolingDataSource<>(pool);
    connections.setAccessToUnderlyingConnectionAllowed(true);
    this.rollups = new Rollups(this::connection, java.time.Clock.systemUTC());
    this.peopleWriter = new PeopleWriter(writer);
    this.people = new DuckDbPeople(this::connection);
    this.retention = new DuckDbRetention(this::connection);
    this.activeUsers = new DuckDbActiveUsers(this::connection);
    this.paths = new DuckDbPaths(this::connection);
    this.funnels = new DuckDbFunnels(this::connection);
  }

  /**
   * The pool of duplicates of the writer's connection that {@link #connection} hands out. A
   * duplicate starts in DuckDB's default database, which for an encrypted file (attached to an
   * in-memory database) is not the file: each is pointed at the writer's database.
   */
  private static GenericObjectPool<PoolableConnection> pool(DuckDBConnection writer)
      throws SQLException {
    PoolableConnectionFactory factory = new PoolableConnectionFactory(writer::duplicate, null);
    factory.setConnectionInitSql(List.of("USE " + identifier(database(writer))));
    factory.setPoolStatements(true);
    factory.setMaxOpenPreparedStatements(STATEMENTS_PER_CONNECTION);
    factory.setRollbackOnReturn(true);
    factory.setAutoCommitOnReturn(true);
    GenericObjectPoolConfig<PoolableConnection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(-1);
    config.setMaxIdle(IDLE_CONNECTIONS);
    config.setJmxEnabled(false);
    GenericObjectPool<PoolableConnection> pool = new GenericObjectPool<>(factory, config);
    factory.setPool(pool);
    return pool;
  }

  /**
   * Opens (creating if needed) the store in {@code file} and applies pending schema migrations.
   *
   * @throws StoreException if the file cannot be opened, e.g. because another process holds it
   */
  public static DuckDbStore open(Path file) {
    return open(file, 0);
  }

  /**
   * Opens the store like {@link #open(Path)}, with DuckDB's memory limit in MiB; 0 chooses it from
   * the JVM's heap ({@link #memoryLimitMiB()}).
   *
   * @throws StoreException if the file cannot be opened, e.g. because another process holds it
   */
  public static DuckDbStore open(Path file, long memoryLimitMiB) {
    return open(file, memoryLimitMiB, Optional.empty());
  }

  /**
   * Opens the store like {@link #open(Path, long)}, encrypted with the given key when there is one
   * ({@link DuckDbEncryption}): a new file is created encrypted, an existing plain file is
   * rewritten encrypted, and a file encrypted with the previous key is rewritten under the new one.
   *
   * @throws StoreException if the file cannot be opened: held by another process, encrypted without
   *     a key given, or with a key that does not open it
   */
  public static DuckDbStore open(
      Path file, long memoryLimitMiB, Optional<DuckDbEncryption> encryption) {
    long limit = memoryLimitMiB > 0 ? memoryLimitMiB : memoryLimitMiB();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      DuckDBConnection connection = connect(file, limit, encryption);
      if (compactionDue(connection)) {
        compact(connection, file, encryption);
        connection = connect(file, limit, encryption);
      }
      long generation;
      try (var st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT coalesce(max(gen), 0) + 1 FROM rollup_dirty")) {
        rs.next();
        generation = rs.getLong(1);
      }
      return new DuckDbStore(file, limit, encryption, connection, generation);
    } catch (SQLException | java.io.IOException e) {
      throw new StoreException(
          "cannot open the embedded store at " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the file with the store's settings (encrypted: attached with its key, after rewriting a
   * plain file or one under the previous key) and applies pending migrations.
   */
  private static DuckDBConnection connect(
      Path file, long limitMiB, Optional<DuckDbEncryption> encryption)
      throws SQLException, java.io.IOException {
    DuckDBConnection connection;
    try {
      connection =
          (DuckDBConnection)
              DriverManager.getConnection(
                  "jdbc:duckdb:" + (encryption.isEmpty() ? file.toAbsolutePath() : ""));
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("without a key")) {
        throw new StoreException(
            file
                + " is encrypted: give its key with FOOTFALL_ENCRYPTION_KEY_FILE (docs/operations.md,"
                + " \"Encryption at rest\")",
            e);
      }
      throw e;
    }
    try {
      try (var st = connection.createStatement()) {
        st.execute("SET TimeZone = 'UTC'");
        st.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
        st.execute("SET memory_limit = '" + limitMiB + "MiB'");
      }
      if (encryption.isPresent()) {
        attachEncrypted(connection, file, encryption.get());
      }
      MIGRATIONS.apply(connection);
      return connection;
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Attaches the file with its key as the connection's database, named like a plain file would be.
   * A plain file is first copied into an encrypted one; a file the key does not open but the
   * previous key does is copied under the new key; the copy replaces the file atomically.
   */
  private static void attachEncrypted(DuckDBConnection c, Path file, DuckDbEncryption encryption)
      throws SQLException, java.io.IOException {
    encryption.prepare(c);
    try (var st = c.createStatement()) {
      st.execute("SET temp_file_encryption = true");
    }
    String name = databaseName(file);
    String path = DuckDbEncryption.literal(file.toAbsolutePath().toString());
    if (Files.exists(file)) {
      String refused = tryAttach(c, path, name, encryption.attachOption(encryption.key()));
      if (refused == null) {
        use(c, name);
        return;
      }
      String source = "footfall_source";
      String sourceOption;
      String what;
      if (refused.contains("is not encrypted")) {
        sourceOption = "";
        what = "encrypted";
      } else if (refused.contains("Wrong encryption key") && encryption.previousKey().isPresent()) {
        sourceOption = encryption.attachOption(encryption.previousKey().get());
        what = "re-encrypted under the new key";
      } else if (refused.contains("Wrong encryption key")) {
        throw new StoreException(
            "the encryption key does not open "
                + file
                + "; to change the key, give the old one as FOOTFALL_ENCRYPTION_PREVIOUS_KEY_FILE"
                + " (docs/operations.md, \"Encryption at rest\")");
      } else {
        throw new SQLException(refused);
      }
      long started = System.nanoTime();
      try (var st = c.createStatement()) {
        st.execute("ATTACH " + path + " AS " + source + sourceOption);
      } catch (SQLException e) {
        throw new StoreException(
            "neither the key nor the previous key opens " + file + ": " + e.getMessage(), e);
      }
      copy(c, source, file, encryption.attachOption(encryption.key()));
      replace(file);
      org.slf4j.LoggerFactory.getLogger(DuckDbStore.class)
          .info("{} {} in {} ms", file, what, (System.nanoTime() - started) / 1_000_000);
    }
    try (var st = c.createStatement()) {
      st.execute(
          "ATTACH " + path + " AS " + identifier(name) + encryption.attachOption(encryption.key()));
    }
    use(c, name);
  }

  /** Attaches, answering null, or DuckDB's message when it refuses. */
  private static String tryAttach(Connection c, String path, String name, String option) {
    try (var st = c.createStatement()) {
      st.execute("ATTACH " + path + " AS " + identifier(name) + option);
      return null;
    } catch (SQLException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private static void use(Connection c, String name) throws SQLException {
    try (var st = c.createStatement()) {
      st.execute("USE " + identifier(name));
    }
  }

  /** The name DuckDB gives a plain file's database: its file name up to the first dot. */
  static String databaseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The connection's current database. */
  static String database(Connection c) throws SQLException {
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** An appender into a table of the connection's current database. */
  static DuckDBAppender appender(DuckDBConnection c, String table) throws SQLException {
    return c.createAppender(database(c), DuckDBConnection.DEFAULT_SCHEMA, table);
  }

  /** The version of the bundled DuckDB, e.g. {@code v2.0.0}. */
  static String duckDbVersion() {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version()")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "(its version unknown: " + e.getMessage() + ")";
    }
  }

  /** Whether rows were deleted since the file was last compacted. */
  private static boolean compactionDue(Connection c) throws SQLException {
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM compaction_due")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  /** Records, in the caller's transaction, that deleted rows' bytes may still be in the file. */
  private static void compactionDue(Connection c, String reason) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO compaction_due VALUES (now()::TIMESTAMP, ?)")) {
      ps.setString(1, reason);
      ps.executeUpdate();
    }
  }

  /**
   * Copies the whole database (events, rollups, people and the metadata that shares the file) into
   * a new file (under the same key when encrypted), closes {@code c} and puts the copy in the old
   * file's place: deleted rows leave DuckDB's file only this way, as freed blocks keep their old
   * bytes until reused. A copy cut short leaves the old file as it was (the next open starts over);
   * the move is atomic.
   */
  static void compact(DuckDBConnection c, Path file, Optional<DuckDbEncryption> encryption)
      throws SQLException, java.io.IOException {
    long started = System.nanoTime();
    long before = Files.size(file);
    try {
      copy(c, database(c), file, encryption.map(e -> e.attachOption(e.key())).orElse(""));
    } finally {
      c.close();
    }
    replace(file);
    org.slf4j.LoggerFactory.getLogger(DuckDbStore.class)
        .info(
            "compacted {} after rows were deleted: {} MB -> {} MB in {} ms",
            file,
            before >> 20,
            Files.size(file) >> 20,
            (System.nanoTime() - started) / 1_000_000);
  }

  /** The new file a copy writes, next to {@code file}. */
  private static Path fresh(Path file) {
    Path target = file.toAbsolutePath();
    return target.resolveSibling(target.getFileName() + ".compact");
  }

  /**
   * Copies database {@code source} of the connection into the new file next to {@code file} ({@code
   * option}: how it is attached, e.g. with its key); the source is detached afterwards when it is
   * not the connection's own database.
   */
  private static void copy(DuckDBConnection c, String source, Path file, String option)
      throws SQLException, java.io.IOException {
    Path fresh = fresh(file);
    Files.deleteIfExists(fresh);
    Files.deleteIfExists(fresh.resolveSibling(fresh.getFileName() + ".wal"));
    boolean own = source.equals(database(c));
    try (var st = c.createStatement()) {
      st.execute(
          "ATTACH " + DuckDbEncryption.literal(fresh.toString()) + " AS footfall_compact" + option);
      st.execute("COPY FROM DATABASE " + identifier(source) + " TO footfall_compact");
      st.execute("DELETE FROM footfall_compact.compaction_due");
      st.execute("DETACH footfall_compact");
      if (!own) {
        st.execute("DETACH " + identifier(source));
      }
    }
  }

  /**
   * Puts the copy ({@link #copy}) in the place of {@code file}, atomically, once no connection has
   * either file open.
   */
  private static void replace(Path file) throws java.io.IOException {
    Path target = file.toAbsolutePath();
    Path fresh = fresh(file);
    Path freshWal = fresh.resolveSibling(fresh.getFileName() + ".wal");
    Path wal = target.resolveSibling(target.getFileName() + ".wal");
    if (Files.exists(freshWal) || Files.exists(wal)) {
      // A log next to either file would be replayed onto the other: keep the old file.
      Files.deleteIfExists(fresh);
      throw new java.io.IOException("a write-ahead log was left after copying " + target);
    }
    Files.move(
        fresh,
        target,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * DuckDB's memory limit when none is configured: half the JVM's largest heap, at least 96 MiB, so
   * that one knob ({@code -Xmx}) sizes both halves of the process. DuckDB's own default, 80% of
   * physical memory, does not count the heap beside it: building the rollups of a month of 50M
   * events took 20 GiB of this 24 GiB machine next to a 6 GiB heap, and the kernel killed the
   * process; an earlier rule here (half the memory beyond the heap) let an idle server with the
   * demo's 30k events grow past 1 GB. Under the limit DuckDB spills to its temporary directory
   * ({@code footfall.duckdb.tmp} next to the file) instead. Memory sizes are in docs/operations.md.
   */
  static long memoryLimitMiB() {
    long heapMiB = Runtime.getRuntime().maxMemory() / (1 << 20);
    return Math.max(96, heapMiB / 2);
  }

  /**
   * The compiler {@link #report} uses, with DuckDB's dialect. {@code compile} gives the exact
   * statement and parameters a report runs, so that a benchmark can run the same SQL without the
   * server, or a developer can read its plan ({@code EXPLAIN ANALYZE}); the compiler holds no
   * state.
   */
  public static QueryCompiler queryCompiler() {
    return COMPILER;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /**
   * A connection to the same database, for reads and for other stores' tables (the metadata store
   * runs on these), from a pool: closing it gives it back, rolled back if a transaction was left
   * open and in auto-commit mode, with its prepared statements kept for the next user. The caller
   * closes it and leaves no connection setting changed.
   *
   * @throws StoreException if the store is closed or DuckDB refuses
   */
  public Connection connection() {
    synchronized (gate) {
      while (paused) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while " + file + " was being compacted", e);
        }
      }
      borrowed++;
    }
    try {
      return counted(connections.getConnection());
    } catch (SQLException | RuntimeException e) {
      returned();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("cannot open a connection to " + file + ": " + e.getMessage(), e);
    }
  }

  /** The connection, counted as borrowed until it is closed (once). */
  private Connection counted(Connection c) {
    java.util.concurrent.atomic.AtomicBoolean open =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    return (Connection)
        java.lang.reflect.Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                  c.close();
                } finally {
                  if (open.compareAndSet(true, false)) {
                    returned();
                  }
                }
                return null;
              }
              if (method.getName().equals("isClosed") && method.getParameterCount() == 0) {
                return !open.get() || c.isClosed();
              }
              try {
                return method.invoke(c, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void returned() {
    synchronized (gate) {
      borrowed--;
      gate.notifyAll();
    }
  }

  /** The longest a compaction waits for the connections handed out to come back. */
  static final java.time.Duration COMPACTION_WAIT = java.time.Duration.ofSeconds(30);

  /**
   * Copies the database into a fresh file when rows were deleted since the last copy (raw
   * retention, erasure), so that their bytes are gone, as {@link #open} does at start: ingest,
   * reports and the metadata that shares the file wait meanwhile (about 1 s per 100 MB). Gives up,
   * leaving the copy to the next call or the next start, when connections handed out do not come
   * back within {@link #COMPACTION_WAIT}.
   */
  @Override
  public boolean compact() {
    synchronized (building) {
      synchronized (lock) {
        if (closed) {
          return false;
        }
        try {
          if (!compactionDue(writer)) {
            return false;
          }
        } catch (SQLException e) {
          throw new StoreException("reading whether " + file + " needs compacting failed", e);
        }
        long deadline = System.nanoTime() + COMPACTION_WAIT.toNanos();
        synchronized (gate) {
          paused = true;
          try {
            while (borrowed > 0) {
              long left = deadline - System.nanoTime();
              if (left <= 0) {
                org.slf4j.LoggerFactory.getLogger(DuckDbStore.class)
                    .warn(
                        "compacting {} postponed: {} connections still in use after {}",
                        file,
                        borrowed,
                        COMPACTION_WAIT);
                return false;
              }
              gate.wait(Math.max(1, left / 1_000_000));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          } finally {
            if (borrowed > 0) {
              paused = false;
              gate.notifyAll();
            }
          }
        }
        try {
          discardAppender();
          pool.close();
          Exception failed = null;
          try {
            compact(writer, file, encryption); // closes the writer, copied or not
          } catch (SQLException | java.io.IOException e) {
            failed = e;
          }
          // The file in place is whole either way: the copy, or the old file when it failed.
          writer = connect(file, memoryLimitMiB, encryption);
          peopleWriter = new PeopleWriter(writer);
          GenericObjectPool<PoolableConnection> fresh = pool(writer);
          PoolingDataSource<PoolableConnection> source = new PoolingDataSource<>(fresh);
          source.setAccessToUnderlyingConnectionAllowed(true);
          pool = fresh;
          connections = source;
          if (failed != null) {
            throw new StoreException(
                "compacting " + file + " failed (the file is as it was): " + failed.getMessage(),
                failed);
          }
          return true;
        } catch (SQLException | java.io.IOException e) {
          closed = true;
          throw new StoreException(
              "reopening " + file + " after compacting it failed: " + e.getMessage(), e);
        } finally {
          synchronized (gate) {
            paused = false;
            gate.notifyAll();
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- events

  @Override
  public void write(WriteBatch batch) {
    if (batch.isEmpty()) {
      return;
    }
    synchronized (lock) {
      try {
        if (!batch.events().isEmpty()) {
          markDirty(batch.events());
        }
        // The transaction is begun with a statement, not setAutoCommit(false): DuckDB's JDBC driver
        // begins that one lazily at the next statement, and an Appender's flush outside a
        // transaction commits on its own (measured: its rows survived a rollback()). Inside a
        // transaction begun in SQL, the flushes join it (DuckDbPeopleTest checks the rollback).
        execute("BEGIN TRANSACTION");
        try {
          if (!batch.events().isEmpty()) {
            if (appender == null) {
              appender = appender(writer, "events");
            }
            for (Event e : batch.events()) {
              appendRow(appender, e);
            }
            appender.flush();
          }
          peopleWriter.append(batch.people());
          if (!batch.counters().isEmpty()) {
            writeCounters(batch.counters());
          }
          execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          // A failed flush leaves an appender's buffer in an unknown state: start afresh.
          discardAppender();
          try {
            execute("ROLLBACK");
          } catch (SQLException notActive) {
            // A failed COMMIT has already ended the transaction.
            e.addSuppressed(notActive);
          }
          throw e;
        }
      } catch (SQLException e) {
        throw new StoreException(
            "writing "
                + batch.events().size()
                + " events, "
                + batch.people().size()
                + " person updates and "
                + batch.counters().size()
                + " counters to "
                + file
                + " failed: "
                + e.getMessage(),
            e);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (var st = writer.createStatement()) {
      st.execute(sql);
    }
  }

  /**
   * Marks the (site, UTC day) pairs of the events for the next rollup build, before the events are
   * committed (a crash in between only costs a needless rebuild). Only pairs new since the last
   * build's claim are written, so this is one small statement per site and day between builds.
   */
  private void markDirty(List<Event> events) throws SQLException {
    List<String[]> fresh = new ArrayList<>();
    for (Event e : events) {
      String day = LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC).toString();
      if (marked.add(e.siteId() + "\n" + day)) {
        fresh.add(new String[] {e.siteId(), day});
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    // One statement with a row per pair, not a JDBC batch: when its commit fails (a full disk, a
    // write-ahead log that cannot be written), DuckDB's executeBatch reports only "cannot rollback
    // - no transaction is active" and the operator never learns the cause; a plain statement
    // reports it.
    String rows =
        String.join(", ", java.util.Collections.nCopies(fresh.size(), "(?, CAST(? AS DATE), ?)"));
    try (PreparedStatement ps =
        writer.prepareStatement(
            "INSERT INTO rollup_dirty VALUES " + rows + " ON CONFLICT DO NOTHING")) {
      int p = 1;
      for (String[] f : fresh) {
        ps.setString(p++, f[0]);
        ps.setString(p++, f[1]);
        ps.setLong(p++, generation);
      }
      ps.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      for (String[] f : fresh) {
        marked.remove(f[0] + "\n" + f[1]);
      }
      throw e;
    }
  }

  /**
   * Brings the daily rollups of the given sites up to date with their events: rebuilds the days
   * that received events since the last build, or a site's every day when its time zone or currency
   * changed. Runs on the caller's thread while ingest goes on; one build at a time.
   *
   * @param sites the sites to build, with the time zone and currency their reports use
   * @return what was rebuilt
   */
  public Rollups.BuildResult refreshRollups(Map<String, Rollups.SiteSettings> sites) {
    synchronized (building) {
      long claimed;
      synchronized (lock) {
        claimed = generation++;
        marked.clear();
      }
      buildRunning = true;
      try {
        return rollups.build(sites, claimed);
      } finally {
        buildRunning = false;
      }
    }
  }

  /**
   * Whether reports over whole days read the rollups when they are fresh (the default), or always
   * the raw events. Either answers the same except for distinct visitors, which rollups estimate.
   */
  public void useRollups(boolean use) {
    rollupsInUse = use;
  }

  @Override
  public java.util.Optional<java.util.function.Supplier<Connection>> sharedDatabase() {
    return java.util.Optional.of(this::connection);
  }

  /** Refreshes the rollups ({@link #refreshRollups}) of these sites. */
  @Override
  public void refreshPrecomputed(List<io.footfall.core.Site> sites) {
    Map<String, Rollups.SiteSettings> settings = new java.util.HashMap<>();
    for (io.footfall.core.Site site : sites) {
      settings.put(site.id(), new Rollups.SiteSettings(site.timeZone(), site.currency()));
    }
    refreshRollups(settings);
  }

  /** Same as {@link #useRollups}. */
  @Override
  public void usePrecomputed(boolean use) {
    useRollups(use);
  }

  /** How many reports the rollups have answered since the store was opened. */
  public long rollupAnswers() {
    return rollupAnswers.get();
  }

  private void discardAppender() {
    try {
      if (appender != null) {
        appender.close();
      }
    } catch (SQLException ignored) {
      // The appender is being thrown away because it already failed.
    } finally {
      appender = null;
      peopleWriter.discard();
    }
  }

  /** Checkpoints when the write-ahead log has grown, so that commits rarely have to. */
  @Override
  public void idle() {
    synchronized (lock) {
      if (closed || buildRunning) {
        return;
      }
      try (var st = writer.createStatement();
          ResultSet rs = st.executeQuery("SELECT wal_size FROM pragma_database_size()")) {
        if (rs.next() && walBytes(rs.getString(1)) > IDLE_CHECKPOINT_BYTES) {
          discardAppender();
          st.execute("CHECKPOINT");
        }
      } catch (SQLException e) {
        throw new StoreException("checkpoint of " + file + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** Parses DuckDB's human-readable sizes such as {@code 12.3 MiB} or {@code 0 bytes}. */
  static long walBytes(String size) {
    String[] parts = size.strip().split("\\s+");
    double n = Double.parseDouble(parts[0]);
    String unit = parts.length > 1 ? parts[1] : "bytes";
    long scale =
        switch (unit) {
          case "KiB", "KB", "kB" -> 1L << 10;
          case "MiB", "MB" -> 1L << 20;
          case "GiB", "GB" -> 1L << 30;
          case "TiB", "TB" -> 1L << 40;
          default -> 1L;
        };
    return (long) (n * scale);
  }

  private static void appendRow(DuckDBAppender a, Event e) throws SQLException {
    Event.Page p = e.page();
    Event.Client c = e.client();
    a.beginRow();
    a.append(e.siteId());
    a.append(e.eventId());
    a.appendEpochMicros(micros(e.timestamp()));
    a.appendEpochMicros(micros(e.receivedAt()));
    a.append(e.name());
    a.append(e.visitorId());
    a.append(e.sessionId());
    text(a, e.userId());
    text(a, p.hostname());
    text(a, p.pathname());
    text(a, p.url());
    text(a, p.title());
    text(a, p.referrer());
    text(a, p.referrerHost());
    text(a, p.source());
    text(a, p.medium());
    text(a, p.utm().source());
    text(a, p.utm().medium());
    text(a, p.utm().campaign());
    text(a, p.utm().term());
    text(a, p.utm().content());
    text(a, p.clickId());
    text(a, c.browser());
    text(a, c.browserVersion());
    text(a, c.os());
    text(a, c.osVersion());
    text(a, c.device());
    text(a, c.screen());
    text(a, c.locale());
    text(a, c.country());
    text(a, c.region());
    text(a, c.city());
    text(a, c.network());
    text(a, e.propertiesJson().equals("{}") ? "" : e.propertiesJson());
    if (e.revenue().present()) {
      a.append(e.revenue().amount().setScale(4, java.math.RoundingMode.HALF_EVEN));
      a.append(e.revenue().currency());
    } else {
      a.appendNull();
      a.appendNull();
    }
    a.endRow();
  }

  private static void text(DuckDBAppender a, String value) throws SQLException {
    if (value.isEmpty()) {
      a.appendNull();
    } else {
      a.append(value);
    }
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private void writeCounters(List<WriteBatch.CounterDelta> counters) throws SQLException {
    try (PreparedStatement ps =
        writer.prepareStatement(
            "INSERT INTO ingest_counters (site_id, day, bots, rejected, opted_out)"
                + " VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (site_id, day) DO UPDATE SET"
                + " bots = ingest_counters.bots + excluded.bots,"
                + " rejected = ingest_counters.rejected + excluded.rejected,"
                + " opted_out = ingest_counters.opted_out + excluded.opted_out")) {
      for (WriteBatch.CounterDelta d : counters) {
        ps.setString(1, d.siteId());
        ps.setObject(2, d.day());
        ps.setLong(3, d.bots());
        ps.setLong(4, d.rejected());
        ps.setLong(5, d.optedOut());
        ps.execute();
      }
    }
  }

  @Override
  public Set<String> existingIds(String siteId, Collection<String> eventIds, Instant since) {
    if (eventIds.isEmpty()) {
      return Set.of();
    }
    String marks = String.join(",", java.util.Collections.nCopies(eventIds.size(), "?"));
    String sql =
        "SELECT DISTINCT event_id FROM events WHERE site_id = ? AND received_at >= ?"
            + " AND event_id IN ("
            + marks
            + ")";
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, siteId);
      ps.setObject(2, utc(since));
      int i = 3;
      for (String id : eventIds) {
        ps.setString(i++, id);
      }
      Set<String> found = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new StoreException("looking up event ids of site " + siteId + " failed", e);
    }
  }

  @Override
  public void forEachRecentId(Instant since, BiConsumer<String, String> sink) {
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT site_id, event_id FROM events WHERE received_at >= ?")) {
      ps.setObject(1, utc(since));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(rs.getString(1), rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading recent event ids failed", e);
    }
  }

  @Override
  public List<Visit> recentVisits(Instant since) {
    // The latest visit of each visitor: its session is the one holding the visitor's latest event.
    // Its attributes are read from its earliest event (ties: received first, then smallest id).
    String sql =
        "WITH recent AS (SELECT site_id, visitor_id, session_id, ts, received_at, event_id,"
            + " referrer, referrer_host, source, medium, utm_source, utm_medium, utm_campaign,"
            + " utm_term, utm_content, click_id, browser, browser_version, os, os_version, device,"
            + " screen, country, region, city FROM events WHERE ts >= ?),"
            + " latest AS (SELECT site_id, visitor_id, arg_max(session_id, ts) AS session_id"
            + " FROM recent GROUP BY site_id, visitor_id)"
            + " SELECT r.site_id, r.visitor_id, r.session_id, r.ts, max(r.ts) OVER visit,"
            + " r.referrer, r.referrer_host, r.source, r.medium, r.utm_source, r.utm_medium,"
            + " r.utm_campaign, r.utm_term, r.utm_content, r.click_id, r.browser,"
            + " r.browser_version, r.os, r.os_version, r.device, r.screen, r.country, r.region,"
            + " r.city"
            + " FROM recent r JOIN latest l USING (site_id, visitor_id, session_id)"
            + " WINDOW visit AS (PARTITION BY r.site_id, r.visitor_id, r.session_id)"
            + " QUALIFY row_number() OVER (visit ORDER BY r.ts, r.received_at, r.event_id) = 1";
    List<Visit> visits = new ArrayList<>();
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, utc(since));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Event.VisitAttributes attributes =
              new Event.VisitAttributes(
                  str(rs, 6),
                  str(rs, 7),
                  str(rs, 8),
                  str(rs, 9),
                  new Event.Utm(str(rs, 10), str(rs, 11), str(rs, 12), str(rs, 13), str(rs, 14)),
                  str(rs, 15),
                  str(rs, 16),
                  str(rs, 17),
                  str(rs, 18),
                  str(rs, 19),
                  str(rs, 20),
                  str(rs, 21),
                  str(rs, 22),
                  str(rs, 23),
                  str(rs, 24));
          visits.add(
              new Visit(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  instant(rs.getObject(4, LocalDateTime.class)),
                  instant(rs.getObject(5, LocalDateTime.class)),
                  attributes));
        }
      }
      return visits;
    } catch (SQLException e) {
      throw new StoreException(
          "reading the visits with events since " + since + " from " + file + " failed", e);
    }
  }

  @Override
  public Report report(ReportQuery query) {
    return report(query, java.util.Optional.empty());
  }

  @Override
  public Report report(
      ReportQuery query, java.util.Optional<io.footfall.core.people.Segment> segment) {
    try (Connection c = connection()) {
      // One read of the site's horizons for both checks: every report pays for it.
      Instant[] horizons = horizons(c, query.siteId());
      if (horizons[1] != null && query.from().isBefore(horizons[1])) {
        throw new io.footfall.core.query.PastRetentionException(
            query.siteId(), horizons[1], query.zone());
      }
      // Rollups count everyone's events: a segment's reports read the raw events.
      if (rollupsInUse && segment.isEmpty()) {
        java.util.Optional<RollupAnswer.Plan> plan = RollupAnswer.plan(query);
        if (plan.isPresent()
            && Rollups.fresh(
                c,
                query.siteId(),
                new Rollups.SiteSettings(query.zone(), query.currency()),
                plan.get().first(),
                plan.get().last())) {
          Report answer = RollupAnswer.answer(c, query, plan.get());
          rollupAnswers.incrementAndGet();
          return answer;
        }
      }
      if (horizons[0] != null && query.from().isBefore(horizons[0])) {
        throw new io.footfall.core.query.PastRetentionException(
            query.siteId(), horizons[0], query.zone());
      }
      CompiledQuery sql = COMPILER.compile(query, segment);
      List<Object[]> rows = select(c, sql);
      if (rows.isEmpty() && query.offset() > 0) {
        // The page is past the end: the total still has to be told.
        List<Object[]> count = select(c, COMPILER.compileCount(query, segment));
        return new Report(List.of(), ((Number) count.get(0)[0]).longValue());
      }
      return COMPILER.assemble(query, rows);
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("Invalid Input Error")) {
        throw new QueryFailedException("the query was refused: " + e.getMessage(), e);
      }
      throw new StoreException(
          "the report query on site " + query.siteId() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a compiled report statement on the connection and reads every row as {@link #report} does
   * (time buckets as wall-clock {@code LocalDateTime}); public so that a benchmark can run the very
   * statement the server runs, read the same way.
   */
  public static List<Object[]> select(Connection c, CompiledQuery sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.sql())) {
      List<Object> params = sql.parameters();
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        boolean[] timestamp = new boolean[n];
        for (int i = 0; i < n; i++) {
          timestamp[i] = rs.getMetaData().getColumnType(i + 1) == java.sql.Types.TIMESTAMP;
        }
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            // Time buckets are wall-clock times: read them without any JVM time zone.
            row[i] = timestamp[i] ? rs.getObject(i + 1, LocalDateTime.class) : rs.getObject(i + 1);
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  @Override
  public List<PropertyKey> propertyKeys(String siteId, Instant from, Instant to, int limit) {
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT k, count(*) AS n FROM (SELECT unnest(json_keys(props)) AS k FROM events"
                    + " WHERE site_id = ? AND ts >= ? AND ts < ? AND "
                    + Rollups.PROPERTIES_OBJECT
                    + ")"
                    + " WHERE regexp_full_match(k, ?) GROUP BY k ORDER BY n DESC, k LIMIT ?")) {
      ps.setString(1, siteId);
      ps.setObject(2, utc(from));
      ps.setObject(3, utc(to));
      ps.setString(4, io.footfall.core.query.Dimension.PROPERTY_KEY.pattern());
      ps.setInt(5, limit);
      List<PropertyKey> keys = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(new PropertyKey(rs.getString(1), rs.getLong(2)));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw new StoreException("reading the property keys of site " + siteId + " failed", e);
    }
  }

  @Override
  public java.util.Optional<Instant> firstEventTime(String siteId) {
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement("SELECT min(ts) FROM events WHERE site_id = ?")) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        LocalDateTime t = rs.getObject(1, LocalDateTime.class);
        return t == null ? java.util.Optional.empty() : java.util.Optional.of(instant(t));
      }
    } catch (SQLException e) {
      throw new StoreException("reading the first event time of site " + siteId + " failed", e);
    }
  }

  @Override
  public SiteCounts counts(String siteId) {
    try (Connection c = connection()) {
      long events;
      long visitors;
      long sessions;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*), count(DISTINCT visitor_id), count(DISTINCT session_id)"
                  + " FROM events WHERE site_id = ?")) {
        ps.setString(1, siteId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          events = rs.getLong(1);
          visitors = rs.getLong(2);
          sessions = rs.getLong(3);
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT COALESCE(sum(bots), 0), COALESCE(sum(rejected), 0),"
                  + " COALESCE(sum(opted_out), 0) FROM ingest_counters WHERE site_id = ?")) {
        ps.setString(1, siteId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new SiteCounts(
              events, visitors, sessions, rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("counting events of site " + siteId + " failed", e);
    }
  }

  /** The columns {@link #readEvent} reads, in its order. */
  static final String EVENT_COLUMNS =
      "site_id, event_id, ts, received_at, name, visitor_id, session_id, user_id,"
          + " hostname, pathname, url, title, referrer, referrer_host, source, medium,"
          + " utm_source, utm_medium, utm_campaign, utm_term, utm_content, click_id,"
          + " browser, browser_version, os, os_version, device, screen, locale, country, region,"
          + " city, network, props, revenue_amount, revenue_currency";

  @Override
  public List<DailyVolume> dailyVolumes(
      String siteId, java.time.LocalDate from, java.time.LocalDate to) {
    List<DailyVolume> out = new ArrayList<>();
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT d, name, n FROM (SELECT CAST(ts AS DATE) AS d, name, count(*) AS n,"
                    + " row_number() OVER (PARTITION BY CAST(ts AS DATE) ORDER BY count(*) DESC,"
                    + " name) AS r FROM events WHERE site_id = ? AND ts >= ? AND ts < ?"
                    + " GROUP BY d, name) WHERE r <= "
                    + MAX_SEEN_EVENTS
                    + " ORDER BY d, name")) {
      ps.setString(1, siteId);
      ps.setObject(2, from.atStartOfDay());
      ps.setObject(3, to.plusDays(1).atStartOfDay());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new DailyVolume(
                  rs.getObject(1, java.time.LocalDate.class), rs.getString(2), rs.getLong(3)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading the daily volumes of site " + siteId + " failed", e);
    }
    return out;
  }

  @Override
  public List<io.footfall.core.SeenEvent> seenEvents(String siteId) {
    List<io.footfall.core.SeenEvent> out = new ArrayList<>();
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT name, min(ts), max(ts), count(*) AS n FROM events WHERE site_id = ?"
                    + " GROUP BY name ORDER BY n DESC, name LIMIT "
                    + MAX_SEEN_EVENTS)) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new io.footfall.core.SeenEvent(
                  rs.getString(1),
                  instant(rs.getObject(2, LocalDateTime.class)),
                  instant(rs.getObject(3, LocalDateTime.class)),
                  rs.getLong(4)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading the event names of site " + siteId + " failed", e);
    }
    return out;
  }

  @Override
  public List<Event> events(String siteId) {
    String sql = "SELECT " + EVENT_COLUMNS + " FROM events WHERE site_id = ? ORDER BY ts, event_id";
    List<Event> out = new ArrayList<>();
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(readEvent(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading events of site " + siteId + " failed", e);
    }
  }

  /**
   * Hands the site's events with a time in {@code [from, to)} to {@code sink}, ordered by time and
   * id, as {@link #events} reads them: for copying a site's events elsewhere range by range without
   * holding them all (the benchmarks load ClickHouse from a generated file this way).
   *
   * @return how many events were handed over
   */
  public long forEachEvent(String siteId, Instant from, Instant to, Consumer<Event> sink) {
    String sql =
        "SELECT "
            + EVENT_COLUMNS
            + " FROM events WHERE site_id = ? AND ts >= ? AND ts < ? ORDER BY ts, event_id";
    long n = 0;
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, siteId);
      ps.setObject(2, utc(from));
      ps.setObject(3, utc(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(readEvent(rs));
          n++;
        }
      }
      return n;
    } catch (SQLException e) {
      throw new StoreException(
          "reading events of site " + siteId + " from " + from + " to " + to + " failed", e);
    }
  }

  /** Every table of this store that holds rows of a site, in its {@code site_id} column. */
  static final List<String> SITE_TABLES =
      List.of(
          "events",
          "ingest_counters",
          "rollup_sites",
          "rollup_dirty",
          "rollup_days",
          "rollup_staging",
          "rollup_parts",
          "rollup_part_values",
          "rollup_periods",
          "person_properties",
          "person_links",
          "raw_horizons");

  /**
   * Deletes the site's rows from every table in one transaction on the writer's connection. It
   * waits for a rollup build that is running, so that the build cannot write the site's rollups
   * back after they were deleted.
   */
  @Override
  public io.footfall.core.people.People people() {
    return people;
  }

  @Override
  public io.footfall.core.people.Retention.Result retention(
      io.footfall.core.people.Retention.Query query) {
    return retention.retention(query);
  }

  @Override
  public io.footfall.core.people.ActiveUsers activeUsers() {
    return activeUsers;
  }

  @Override
  public io.footfall.core.people.Paths paths() {
    return paths;
  }

  @Override
  public io.footfall.core.people.Funnels funnels() {
    return funnels;
  }

  @Override
  public long deleteSite(String siteId) {
    synchronized (building) {
      synchronized (lock) {
        discardAppender();
        try {
          long events;
          boolean autoCommit = writer.getAutoCommit();
          writer.setAutoCommit(false);
          try {
            try (PreparedStatement ps =
                writer.prepareStatement("DELETE FROM events WHERE site_id = ?")) {
              ps.setString(1, siteId);
              events = ps.executeLargeUpdate();
            }
            for (String table : SITE_TABLES.subList(1, SITE_TABLES.size())) {
              try (PreparedStatement ps =
                  writer.prepareStatement("DELETE FROM " + table + " WHERE site_id = ?")) {
                ps.setString(1, siteId);
                ps.executeUpdate();
              }
            }
            if (events > 0) {
              compactionDue(writer, "site deletion");
            }
            writer.commit();
          } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
          } finally {
            writer.setAutoCommit(autoCommit);
          }
          marked.removeIf(k -> k.startsWith(siteId + "\n"));
          return events;
        } catch (SQLException e) {
          throw new StoreException(
              "deleting the data of site "
                  + siteId
                  + " from "
                  + file
                  + " failed: "
                  + e.getMessage(),
              e);
        }
      }
    }
  }

  /**
   * Deletes the site's events before {@code before} after bringing the site's rollups up to date,
   * moves the site's raw horizon, and checkpoints so the deletion reaches the file. DuckDB rewrites
   * only row groups with many deletions and leaves freed blocks as they were, so the bytes are
   * certainly gone only after the next compaction, which copies the database into a new file when
   * the store next opens ({@link #open}). Person properties and links stay: they are the people's
   * state, erased per person, not per day.
   */
  @Override
  public long expireRaw(io.footfall.core.Site site, Instant before) {
    synchronized (building) {
      if (rollupsInUse) {
        refreshRollups(
            Map.of(site.id(), new Rollups.SiteSettings(site.timeZone(), site.currency())));
      }
      synchronized (lock) {
        discardAppender();
        try {
          long events;
          boolean autoCommit = writer.getAutoCommit();
          writer.setAutoCommit(false);
          try {
            try (PreparedStatement ps =
                writer.prepareStatement("DELETE FROM events WHERE site_id = ? AND ts < ?")) {
              ps.setString(1, site.id());
              ps.setObject(2, utc(before));
              events = ps.executeLargeUpdate();
            }
            try (PreparedStatement ps =
                writer.prepareStatement(
                    "INSERT INTO raw_horizons VALUES (?, ?, ?, NULL) ON CONFLICT (site_id) DO"
                        + " UPDATE SET horizon = greatest(horizon, excluded.horizon),"
                        + " expired_at = excluded.expired_at")) {
              ps.setString(1, site.id());
              ps.setObject(2, utc(before));
              ps.setObject(3, utc(Instant.now()));
              ps.executeUpdate();
            }
            if (events > 0) {
              compactionDue(writer, "raw retention");
            }
            writer.commit();
          } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
          } finally {
            writer.setAutoCommit(autoCommit);
          }
          if (events > 0) {
            execute("CHECKPOINT");
          }
          return events;
        } catch (SQLException e) {
          throw new StoreException(
              "deleting the raw events of site "
                  + site.id()
                  + " before "
                  + before
                  + " from "
                  + file
                  + " failed: "
                  + e.getMessage(),
              e);
        }
      }
    }
  }

  /**
   * Deletes the site's rollup rows of the local days before {@code before} (day rows, parts, and
   * the week and month rows that start before it: a report never reads a period that starts before
   * its range), after its raw events there ({@link #expireRaw} first), and records the aggregate
   * horizon, which only moves forward.
   */
  @Override
  public long expireAggregates(io.footfall.core.Site site, Instant before) {
    LocalDate day = LocalDate.ofInstant(before, site.timeZone());
    synchronized (building) {
      // The raw events first: rollups of days that still had raw events would be rebuilt.
      expireRaw(site, before);
      synchronized (lock) {
        discardAppender();
        try {
          long rows = 0;
          boolean autoCommit = writer.getAutoCommit();
          writer.setAutoCommit(false);
          try {
            for (String table :
                List.of("rollup_days", "rollup_periods", "rollup_parts", "rollup_part_values")) {
              try (PreparedStatement ps =
                  writer.prepareStatement(
                      "DELETE FROM " + table + " WHERE site_id = ? AND day < ?")) {
                ps.setString(1, site.id());
                ps.setObject(2, day);
                rows += ps.executeLargeUpdate();
              }
            }
            try (PreparedStatement ps =
                writer.prepareStatement(
                    "UPDATE raw_horizons SET aggregate_horizon = CASE WHEN aggregate_horizon IS NULL"
                        + " OR aggregate_horizon < ? THEN ? ELSE aggregate_horizon END"
                        + " WHERE site_id = ?")) {
              ps.setObject(1, utc(before));
              ps.setObject(2, utc(before));
              ps.setString(3, site.id());
              ps.executeUpdate();
            }
            if (rows > 0) {
              compactionDue(writer, "aggregate retention");
            }
            writer.commit();
          } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
          } finally {
            writer.setAutoCommit(autoCommit);
          }
          return rows;
        } catch (SQLException e) {
          throw new StoreException(
              "deleting the rollups of site " + site.id() + " before " + before + " failed", e);
        }
      }
    }
  }

  @Override
  public java.util.Optional<Instant> rawHorizon(String siteId) {
    try (Connection c = connection()) {
      return rawHorizon(c, siteId);
    } catch (SQLException e) {
      throw new StoreException(
          "reading the raw horizon of site " + siteId + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The site's raw horizon and aggregate horizon, in that order; an element is {@code null} where
   * the site has none.
   */
  private static Instant[] horizons(Connection c, String siteId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT horizon, aggregate_horizon FROM raw_horizons WHERE site_id = ?")) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new Instant[2];
        }
        LocalDateTime aggregates = rs.getObject(2, LocalDateTime.class);
        return new Instant[] {
          instant(rs.getObject(1, LocalDateTime.class)),
          aggregates == null ? null : instant(aggregates)
        };
      }
    }
  }

  private static java.util.Optional<Instant> rawHorizon(Connection c, String siteId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT horizon FROM raw_horizons WHERE site_id = ?")) {
      ps.setString(1, siteId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? java.util.Optional.of(instant(rs.getObject(1, LocalDateTime.class)))
            : java.util.Optional.empty();
      }
    }
  }

  /**
   * {@code column IN (?, …)} for the values, with them as parameters, or {@code false} for none.
   */
  private static String in(String column, java.util.Collection<?> values, List<Object> params) {
    if (values.isEmpty()) {
      return "false";
    }
    params.addAll(values);
    return column
        + " IN ("
        + String.join(", ", java.util.Collections.nCopies(values.size(), "?"))
        + ")";
  }

  private static PreparedStatement prepared(Connection c, String sql, List<Object> params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
    return ps;
  }

  /** The subject's visitors: those given and those linked to their user ids. */
  private static Set<Long> visitorsOf(Connection c, io.footfall.core.people.DataSubject s)
      throws SQLException {
    Set<Long> visitors = new java.util.TreeSet<>(s.visitorIds());
    List<Object> params = new ArrayList<>(List.of(s.siteId()));
    String sql =
        "SELECT DISTINCT visitor_id FROM person_links WHERE site_id = ? AND "
            + in("user_id", s.userIds(), params);
    try (PreparedStatement ps = prepared(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        visitors.add(rs.getLong(1));
      }
    }
    return visitors;
  }

  /** The condition on events of the subject, its parameters added after the site's. */
  private static String subjectEvents(
      io.footfall.core.people.DataSubject s, Set<Long> visitors, List<Object> params) {
    params.add(s.siteId());
    return "site_id = ? AND ("
        + in("user_id", s.userIds(), params)
        + " OR "
        + in("visitor_id", visitors, params)
        + ")";
  }

  private static String subjectLinks(
      io.footfall.core.people.DataSubject s, Set<Long> visitors, List<Object> params) {
    return subjectEvents(s, visitors, params);
  }

  @Override
  public io.footfall.core.people.DataSubject.Data subjectData(
      io.footfall.core.people.DataSubject s) {
    try (Connection c = connection()) {
      Set<Long> visitors = visitorsOf(c, s);
      List<Event> events = new ArrayList<>();
      List<Object> params = new ArrayList<>();
      String where = subjectEvents(s, visitors, params);
      try (PreparedStatement ps =
              prepared(
                  c,
                  "SELECT "
                      + EVENT_COLUMNS
                      + " FROM events WHERE "
                      + where
                      + " ORDER BY ts, event_id",
                  params);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(readEvent(rs));
        }
      }
      List<io.footfall.core.people.DataSubject.PropertyRow> properties = new ArrayList<>();
      params = new ArrayList<>(List.of(s.siteId()));
      try (PreparedStatement ps =
              prepared(
                  c,
                  "SELECT user_id, ts, event_id, op, coalesce(key, ''), coalesce(value_json, '')"
                      + " FROM person_properties WHERE site_id = ? AND "
                      + in("user_id", s.userIds(), params)
                      + " ORDER BY ts, event_id, seq",
                  params);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          properties.add(
              new io.footfall.core.people.DataSubject.PropertyRow(
                  rs.getString(1),
                  instant(rs.getObject(2, LocalDateTime.class)),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)));
        }
      }
      List<io.footfall.core.people.DataSubject.LinkRow> links = new ArrayList<>();
      params = new ArrayList<>();
      try (PreparedStatement ps =
              prepared(
                  c,
                  "SELECT visitor_id, user_id, linked_at, event_id FROM person_links WHERE "
                      + subjectLinks(s, visitors, params)
                      + " ORDER BY linked_at, event_id",
                  params);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          links.add(
              new io.footfall.core.people.DataSubject.LinkRow(
                  rs.getLong(1),
                  rs.getString(2),
                  instant(rs.getObject(3, LocalDateTime.class)),
                  rs.getString(4)));
        }
      }
      return new io.footfall.core.people.DataSubject.Data(events, properties, links);
    } catch (SQLException e) {
      throw new StoreException(
          "reading a data subject of site " + s.siteId() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the subject's events, property changes and links in one transaction on the writer's
   * connection, marks the UTC days of the events for the next rollup build (which rebuilds them
   * from what is left; days past the raw horizon are not rebuilt) and records that the file needs
   * compacting ({@link #compact}).
   */
  @Override
  public io.footfall.core.people.DataSubject.Erased eraseSubject(
      io.footfall.core.people.DataSubject s) {
    synchronized (building) {
      synchronized (lock) {
        discardAppender();
        try {
          boolean autoCommit = writer.getAutoCommit();
          writer.setAutoCommit(false);
          try {
            Set<Long> visitors = visitorsOf(writer, s);
            List<Object> params = new ArrayList<>();
            String where = subjectEvents(s, visitors, params);
            List<Object> marks = new ArrayList<>(List.of(generation));
            marks.addAll(params);
            try (PreparedStatement ps =
                prepared(
                    writer,
                    "INSERT INTO rollup_dirty SELECT DISTINCT site_id, CAST(ts AS DATE), ?"
                        + " FROM events WHERE "
                        + where
                        + " ON CONFLICT DO NOTHING",
                    marks)) {
              ps.executeUpdate();
            }
            long events;
            try (PreparedStatement ps =
                prepared(writer, "DELETE FROM events WHERE " + where, params)) {
              events = ps.executeLargeUpdate();
            }
            List<Object> own = new ArrayList<>(List.of(s.siteId()));
            long properties;
            try (PreparedStatement ps =
                prepared(
                    writer,
                    "DELETE FROM person_properties WHERE site_id = ? AND "
                        + in("user_id", s.userIds(), own),
                    own)) {
              properties = ps.executeLargeUpdate();
            }
            List<Object> linked = new ArrayList<>();
            long links;
            try (PreparedStatement ps =
                prepared(
                    writer,
                    "DELETE FROM person_links WHERE " + subjectLinks(s, visitors, linked),
                    linked)) {
              links = ps.executeLargeUpdate();
            }
            if (events + properties + links > 0) {
              compactionDue(writer, "erasure");
            }
            writer.commit();
            return new io.footfall.core.people.DataSubject.Erased(events, properties, links);
          } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
          } finally {
            writer.setAutoCommit(autoCommit);
          }
        } catch (SQLException e) {
          throw new StoreException(
              "erasing a data subject of site " + s.siteId() + " failed: " + e.getMessage(), e);
        }
      }
    }
  }

  /** The event of the current row of a result whose first columns are {@link #EVENT_COLUMNS}. */
  static Event readEvent(ResultSet rs) throws SQLException {
    Event.Page page =
        new Event.Page(
            str(rs, 9),
            str(rs, 10),
            str(rs, 11),
            str(rs, 12),
            str(rs, 13),
            str(rs, 14),
            str(rs, 15),
            str(rs, 16),
            new Event.Utm(str(rs, 17), str(rs, 18), str(rs, 19), str(rs, 20), str(rs, 21)),
            str(rs, 22));
    Event.Client client =
        new Event.Client(
            str(rs, 23),
            str(rs, 24),
            str(rs, 25),
            str(rs, 26),
            str(rs, 27),
            str(rs, 28),
            str(rs, 29),
            str(rs, 30),
            str(rs, 31),
            str(rs, 32),
            str(rs, 33));
    String props = str(rs, 34);
    BigDecimal amount = rs.getBigDecimal(35);
    Event.Revenue revenue =
        amount == null ? Event.Revenue.NONE : new Event.Revenue(amount, str(rs, 36));
    return new Event(
        rs.getString(1),
        rs.getString(2),
        instant(rs.getObject(3, LocalDateTime.class)),
        instant(rs.getObject(4, LocalDateTime.class)),
        rs.getString(5),
        rs.getLong(6),
        rs.getLong(7),
        str(rs, 8),
        page,
        client,
        props.isEmpty() ? "{}" : props,
        revenue);
  }

  private static String str(ResultSet rs, int column) throws SQLException {
    String s = rs.getString(column);
    return s == null ? "" : s;
  }

  static LocalDateTime utc(Instant t) {
    return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static Instant instant(LocalDateTime t) {
    return t.toInstant(ZoneOffset.UTC);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Under the lock: a compaction in progress replaces the pool and the writer; close those.
    synchronized (lock) {
      pool.close();
      try {
        discardAppender();
        writer.close();
      } catch (SQLException e) {
        throw new StoreException("closing the embedded store at " + file + " failed", e);
      }
    }
  }
}
