package io.footfall.core;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens an event store backend. Each store module registers one implementation in {@code
 * META-INF/services/io.footfall.core.EventStoreProvider}; the server finds them with {@link
 * java.util.ServiceLoader} and picks the one whose {@link #name()} the {@code FOOTFALL_STORE}
 * setting names, so the server never names a store's type.
 */
public interface EventStoreProvider {

  /** The name that selects this backend: {@code duckdb}, {@code clickhouse}. */
  String name();

  /**
   * Opens the store, creating or migrating its schema.
   *
   * @throws StoreException if the store cannot be opened; its message says what to fix
   * @throws IllegalArgumentException if a setting is invalid; its message names the setting
   */
  EventStore open(Context context);

  /**
   * What a backend is opened with.
   *
   * @param dataDir the installation's data directory (the embedded store keeps its file there)
   * @param settings a setting by its environment name ({@code FOOTFALL_CLICKHOUSE_URL}), from the
   *     command line or the environment; empty when unset. A backend reads only its own.
   * @param clock the server's clock
   */
  record Context(Path dataDir, Function<String, Optional<String>> settings, Clock clock) {
    public Context {
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(clock, "clock");
    }

    /** A setting by its environment name; empty when unset or blank. */
    public Optional<String> setting(String name) {
      return settings.apply(name).filter(v -> !v.isBlank());
    }
  }
}
