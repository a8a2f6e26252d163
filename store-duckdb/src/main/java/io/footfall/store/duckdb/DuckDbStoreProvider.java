package io.footfall.store.duckdb;

import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;

/**
 * The embedded store by its name, {@code duckdb}: events (and, by default, the metadata through
 * {@link EventStore#sharedDatabase()}) in {@code footfall.duckdb} in the data directory.
 *
 * <p>Reads {@value #MEMORY_SETTING}: DuckDB's memory limit in MiB, 0 (the default) for half the
 * JVM's largest heap, otherwise at least 64.
 */
public final class DuckDbStoreProvider implements EventStoreProvider {
  /** The name that selects this store. */
  public static final String NAME = "duckdb";

  /** The file in the data directory. */
  public static final String FILE = "footfall.duckdb";

  static final String MEMORY_SETTING = "FOOTFALL_DUCKDB_MEMORY_MIB";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EventStore open(Context context) {
    return DuckDbStore.open(context.dataDir().resolve(FILE), memoryLimitMiB(context));
  }

  static long memoryLimitMiB(Context context) {
    String text = context.setting(MEMORY_SETTING).orElse("0").strip();
    long mib;
    try {
      mib = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MEMORY_SETTING + " must be a whole number of MiB, was \"" + text + "\"", e);
    }
    if (mib != 0 && mib < 64) {
      throw new IllegalArgumentException(
          MEMORY_SETTING + " must be 0 (automatic) or at least 64, was " + mib);
    }
    return mib;
  }
}
