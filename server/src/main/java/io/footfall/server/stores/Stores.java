package io.footfall.server.stores;

import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.metadata.jdbc.JdbcMetadataStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * The event store and the metadata store of an installation, opened together; {@code metadataHome}
 * is the embedded store that holds the metadata when the event store does not, and {@code
 * metadataPool} the connections to PostgreSQL when {@value #METADATA_URL} puts the metadata there.
 * The server reaches a store only through core's SPI: {@link #open} finds the {@link
 * EventStoreProvider} by name with {@link ServiceLoader}, so no store type is named here or
 * anywhere in the server.
 */
public record Stores(
    EventStore events,
    MetadataStore metadata,
    Optional<EventStore> metadataHome,
    Optional<BasicDataSource> metadataPool)
    implements AutoCloseable {

  /** The setting that names the event store. */
  public static final String SETTING = "FOOTFALL_STORE";

  /** The setting that puts the metadata on PostgreSQL: {@code jdbc:postgresql://host:5432/db}. */
  public static final String METADATA_URL = "FOOTFALL_METADATA_URL";

  private static final String METADATA_USER = "FOOTFALL_METADATA_USER";
  private static final String METADATA_PASSWORD = "FOOTFALL_METADATA_PASSWORD";

  /** The store that keeps the metadata when the event store keeps none. */
  private static final String EMBEDDED_STORE = "duckdb";

  /** Opens the stores {@code settings} name, as {@link #open(String, Map, Path, Clock)}. */
  public static Stores open(StoreSettings settings, Clock clock) {
    return open(settings.name(), settings.settings(), settings.dataDir(), clock);
  }

  /**
   * Opens the event store named {@code store} and the metadata store: on PostgreSQL when {@value
   * #METADATA_URL} is set (with {@code FOOTFALL_METADATA_USER} and {@code
   * FOOTFALL_METADATA_PASSWORD}); else in the event store's own database when it offers one to
   * share ({@link EventStore#sharedDatabase()}, the embedded DuckDB file); otherwise in an embedded
   * store of its own under {@code metadata/} in the data directory.
   *
   * @param settings the settings a store reads, by their environment names
   * @throws IllegalArgumentException when no store has that name (naming {@value #SETTING} and the
   *     names there are) or a store's setting is invalid
   */
  public static Stores open(String store, Map<String, String> settings, Path dataDir, Clock clock) {
    EventStoreProvider.Context context =
        new EventStoreProvider.Context(
            dataDir, name -> Optional.ofNullable(settings.get(name)), clock);
    Optional<String> metadataUrl = Optional.ofNullable(settings.get(METADATA_URL));
    if (metadataUrl.isPresent()) {
      checkPostgresUrl(metadataUrl.get(), settings);
    }
    EventStore events = provider(store).open(context);
    try {
      if (metadataUrl.isPresent()) {
        BasicDataSource pool = postgres(metadataUrl.get(), settings);
        try {
          return new Stores(
              events,
              JdbcMetadataStore.open(pool::getConnection),
              Optional.empty(),
              Optional.of(pool));
        } catch (RuntimeException e) {
          closePool(pool);
          throw e;
        }
      }
      Optional<Supplier<Connection>> shared = events.sharedDatabase();
      if (shared.isPresent()) {
        return new Stores(
            events, JdbcMetadataStore.open(shared.get()::get), Optional.empty(), Optional.empty());
      }
      // A store on a server of its own (ClickHouse) keeps no metadata: the embedded store holds
      // it in a file of its own, whose events tables stay empty.
      EventStore embedded =
          provider(EMBEDDED_STORE)
              .open(
                  new EventStoreProvider.Context(
                      dataDir.resolve("metadata"), context.settings(), clock));
      try {
        Supplier<Connection> db =
            embedded
                .sharedDatabase()
                .orElseThrow(
                    () -> new IllegalStateException("the embedded store offers no database"));
        return new Stores(
            events, JdbcMetadataStore.open(db::get), Optional.of(embedded), Optional.empty());
      } catch (RuntimeException e) {
        embedded.close();
        throw e;
      }
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
  }

  /**
   * The store provider with this name.
   *
   * @throws IllegalArgumentException naming {@value #SETTING} and the stores there are
   */
  public static EventStoreProvider provider(String name) {
    List<EventStoreProvider> all =
        ServiceLoader.load(EventStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    return all.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    SETTING
                        + " names no store: \""
                        + name
                        + "\"; the stores in this build are "
                        + all.stream().map(EventStoreProvider::name).sorted().toList()));
  }

  private static void checkPostgresUrl(String url, Map<String, String> settings) {
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          METADATA_URL
              + " must be a PostgreSQL JDBC URL such as jdbc:postgresql://db.example:5432/footfall,"
              + " was '"
              + url
              + "'");
    }
    if (settings.containsKey(METADATA_PASSWORD) && !settings.containsKey(METADATA_USER)) {
      throw new IllegalArgumentException(METADATA_PASSWORD + " is set without " + METADATA_USER);
    }
  }

  /**
   * A pool of connections to the metadata's PostgreSQL database: the metadata store takes one per
   * operation, and a new PostgreSQL connection (a process on the server) costs milliseconds.
   */
  private static BasicDataSource postgres(String url, Map<String, String> settings) {
    BasicDataSource pool = new BasicDataSource();
    pool.setUrl(url);
    Optional.ofNullable(settings.get(METADATA_USER)).ifPresent(pool::setUsername);
    Optional.ofNullable(settings.get(METADATA_PASSWORD)).ifPresent(pool::setPassword);
    pool.setMaxTotal(16);
    pool.setMaxIdle(4);
    // A request must not wait for ever when the database stops answering.
    pool.setMaxWait(Duration.ofSeconds(10));
    return pool;
  }

  private static void closePool(BasicDataSource pool) {
    try {
      pool.close();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "closing the connections to the metadata database (" + METADATA_URL + ") failed", e);
    }
  }

  @Override
  public void close() {
    metadata.close();
    metadataPool.ifPresent(Stores::closePool);
    metadataHome.ifPresent(EventStore::close);
    events.close();
  }
}
