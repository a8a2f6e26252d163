package io.footfall.server.stores;

import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.metadata.jdbc.JdbcMetadataStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The event store and the metadata store of an installation, opened together; {@code metadataHome}
 * is the embedded store that holds the metadata when the event store does not. The server reaches a
 * store only through core's SPI: {@link #open} finds the {@link EventStoreProvider} by name with
 * {@link ServiceLoader}, so no store type is named here or anywhere in the server.
 */
public record Stores(EventStore events, MetadataStore metadata, Optional<EventStore> metadataHome)
    implements AutoCloseable {

  /** The setting that names the event store. */
  public static final String SETTING = "FOOTFALL_STORE";

  /** The store that keeps the metadata when the event store keeps none. */
  private static final String EMBEDDED_STORE = "duckdb";

  /**
   * Opens the event store named {@code store} and the metadata store: in the event store's own
   * database when it offers one to share ({@link EventStore#sharedDatabase()}, the embedded DuckDB
   * file), otherwise in an embedded store of its own under {@code metadata/} in the data directory.
   *
   * @param settings the settings a store reads, by their environment names
   * @throws IllegalArgumentException when no store has that name (naming {@value #SETTING} and the
   *     names there are) or a store's setting is invalid
   */
  public static Stores open(String store, Map<String, String> settings, Path dataDir, Clock clock) {
    EventStoreProvider.Context context =
        new EventStoreProvider.Context(
            dataDir, name -> Optional.ofNullable(settings.get(name)), clock);
    EventStore events = provider(store).open(context);
    try {
      Optional<Supplier<Connection>> shared = events.sharedDatabase();
      if (shared.isPresent()) {
        return new Stores(events, JdbcMetadataStore.open(shared.get()::get), Optional.empty());
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
        return new Stores(events, JdbcMetadataStore.open(db::get), Optional.of(embedded));
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

  @Override
  public void close() {
    metadata.close();
    metadataHome.ifPresent(EventStore::close);
    events.close();
  }
}
