package io.footfall.server.stores;

import io.footfall.server.settings.Env;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which stores hold the data.
 *
 * @param name the event store backend ({@code FOOTFALL_STORE}): {@code duckdb} (default, embedded)
 *     or {@code clickhouse}; found through {@link io.footfall.core.EventStoreProvider}
 * @param dataDir directory of the embedded store and the installation key ({@code
 *     FOOTFALL_DATA_DIR}); default {@code ./data}
 * @param settings what the chosen store and the metadata store read, by their environment names
 *     (such as {@code FOOTFALL_DUCKDB_MEMORY_MIB}, {@code FOOTFALL_CLICKHOUSE_URL}, {@code
 *     FOOTFALL_METADATA_URL}); each store checks its own
 */
public record StoreSettings(String name, Path dataDir, Map<String, String> settings) {
  public static final StoreSettings DEFAULTS =
      new StoreSettings("duckdb", Path.of("data"), Map.of());

  public StoreSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataDir, "dataDir");
    if (name.isBlank()) {
      throw new IllegalArgumentException("FOOTFALL_STORE must name a store, was blank");
    }
    settings = Map.copyOf(settings);
  }

  /**
   * Every {@code FOOTFALL_*} variable goes to the stores: the server does not know which the chosen
   * store reads (each store documents its own).
   */
  public static StoreSettings fromEnvironment(Env env) {
    return new StoreSettings(
        env.text("FOOTFALL_STORE", DEFAULTS.name),
        Path.of(env.text("FOOTFALL_DATA_DIR", DEFAULTS.dataDir.toString())),
        env.withPrefix("FOOTFALL_"));
  }

  public StoreSettings withName(String value) {
    return new StoreSettings(value, dataDir, settings);
  }

  public StoreSettings withDataDir(Path value) {
    return new StoreSettings(name, value, settings);
  }

  /** One setting a store reads, by its environment name; replaces an earlier value. */
  public StoreSettings withSetting(String key, String value) {
    Map<String, String> copy = new HashMap<>(settings);
    copy.put(key, value);
    return new StoreSettings(name, dataDir, copy);
  }
}
