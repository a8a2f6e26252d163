package io.footfall.store.duckdb;

import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded store by its name, {@code duckdb}: events (and, by default, the metadata through
 * {@link EventStore#sharedDatabase()}) in {@code footfall.duckdb} in the data directory.
 *
 * <p>Reads {@value #MEMORY_SETTING}: DuckDB's memory limit in MiB, 0 (the default) for half the
 * JVM's largest heap, otherwise at least 64. Encryption at rest ({@link DuckDbEncryption}): the key
 * from the file named by {@value #KEY_FILE_SETTING} or from {@value #KEY_SETTING} itself; when
 * changing keys, the old one from {@value #PREVIOUS_KEY_FILE_SETTING} or {@value
 * #PREVIOUS_KEY_SETTING}; and where DuckDB finds its httpfs extension, {@value
 * #EXTENSION_DIRECTORY_SETTING}.
 */
public final class DuckDbStoreProvider implements EventStoreProvider {
  /** The name that selects this store. */
  public static final String NAME = "duckdb";

  /** The file in the data directory. */
  public static final String FILE = "footfall.duckdb";

  static final String MEMORY_SETTING = "FOOTFALL_DUCKDB_MEMORY_MIB";
  static final String KEY_FILE_SETTING = "FOOTFALL_ENCRYPTION_KEY_FILE";
  static final String KEY_SETTING = "FOOTFALL_ENCRYPTION_KEY";
  static final String PREVIOUS_KEY_FILE_SETTING = "FOOTFALL_ENCRYPTION_PREVIOUS_KEY_FILE";
  static final String PREVIOUS_KEY_SETTING = "FOOTFALL_ENCRYPTION_PREVIOUS_KEY";
  static final String EXTENSION_DIRECTORY_SETTING = "FOOTFALL_DUCKDB_EXTENSION_DIRECTORY";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EventStore open(Context context) {
    return DuckDbStore.open(
        context.dataDir().resolve(FILE), memoryLimitMiB(context), encryption(context));
  }

  /** The encryption the settings ask for, if any. */
  static Optional<DuckDbEncryption> encryption(Context context) {
    Optional<String> key = key(context, KEY_FILE_SETTING, KEY_SETTING);
    Optional<String> previous = key(context, PREVIOUS_KEY_FILE_SETTING, PREVIOUS_KEY_SETTING);
    if (key.isEmpty()) {
      if (previous.isPresent()) {
        throw new IllegalArgumentException(
            PREVIOUS_KEY_FILE_SETTING
                + " (or "
                + PREVIOUS_KEY_SETTING
                + ") is set without "
                + KEY_FILE_SETTING
                + " (or "
                + KEY_SETTING
                + "): a previous key is only read while changing to a new one");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(
          new DuckDbEncryption(
              key.get(),
              previous,
              DuckDbEncryption.Crypto.OPENSSL,
              context.setting(EXTENSION_DIRECTORY_SETTING).filter(d -> !d.isBlank())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY_FILE_SETTING + ": " + e.getMessage(), e);
    }
  }

  /** A key read from the file the first setting names, or given by the second. */
  private static Optional<String> key(Context context, String fileSetting, String valueSetting) {
    Optional<String> file = context.setting(fileSetting).filter(f -> !f.isBlank());
    if (file.isPresent()) {
      Path path = Path.of(file.get().strip());
      try {
        return Optional.of(Files.readString(path).strip());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            fileSetting + " names " + path + ", which cannot be read: " + e.getMessage(), e);
      }
    }
    return context.setting(valueSetting).filter(k -> !k.isBlank());
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
