package io.footfall.store.duckdb;

import io.footfall.core.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;

/**
 * How the embedded file is encrypted at rest: DuckDB's own encryption (AES-256-GCM of every block,
 * the write-ahead log and the temporary files), with the key attached to the database ({@code
 * ATTACH ... (ENCRYPTION_KEY ...)}).
 *
 * <p>Writing encrypted files securely takes OpenSSL, which DuckDB loads with its {@code httpfs}
 * extension; DuckDB's built-in mbedtls can read such files but, by DuckDB's own judgement, not
 * write them securely (its random nonces do not come from a cryptographically secure generator).
 * {@link Crypto#OPENSSL} therefore loads {@code httpfs} (from DuckDB's extension directory, or
 * installed from DuckDB's extension repository when the machine can reach it) and refuses to start
 * without it. {@link Crypto#MBEDTLS_UNSAFE} exists for the tests of machines where {@code httpfs}
 * cannot be had; no configuration selects it.
 *
 * @param key the key, at least {@value #MIN_KEY_LENGTH} characters (e.g. 64 hex digits)
 * @param previousKey the key the file was encrypted with until now, when the key is being changed:
 *     the store opens the file with it and rewrites it under {@code key}
 * @param crypto which implementation writes
 * @param extensionDirectory where DuckDB looks for {@code httpfs}; empty for its default ({@code
 *     ~/.duckdb/extensions})
 */
public record DuckDbEncryption(
    String key, Optional<String> previousKey, Crypto crypto, Optional<String> extensionDirectory) {

  /** The shortest key accepted: 32 characters, e.g. 128 bits as hex; 64 hex digits recommended. */
  public static final int MIN_KEY_LENGTH = 32;

  /** Which implementation of AES writes the file. */
  public enum Crypto {
    /** OpenSSL, through DuckDB's httpfs extension: what the server uses. */
    OPENSSL,
    /**
     * DuckDB's built-in mbedtls, forced with {@code force_mbedtls_unsafe}: the same file format,
     * nonces from a generator DuckDB does not call secure. Only for tests.
     */
    MBEDTLS_UNSAFE
  }

  public DuckDbEncryption {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(previousKey, "previousKey");
    Objects.requireNonNull(crypto, "crypto");
    Objects.requireNonNull(extensionDirectory, "extensionDirectory");
    if (key.strip().length() < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "the encryption key must be at least "
              + MIN_KEY_LENGTH
              + " characters (e.g. 64 hex digits from `openssl rand -hex 32`), was "
              + key.strip().length());
    }
    key = key.strip();
    previousKey = previousKey.map(String::strip).filter(k -> !k.isEmpty());
  }

  /** Encryption with OpenSSL and DuckDB's default extension directory. */
  public static DuckDbEncryption of(String key, Optional<String> previousKey) {
    return new DuckDbEncryption(key, previousKey, Crypto.OPENSSL, Optional.empty());
  }

  /** Makes the connection able to write encrypted files, or says what is missing. */
  void prepare(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      if (crypto == Crypto.MBEDTLS_UNSAFE) {
        st.execute("SET force_mbedtls_unsafe = true");
        return;
      }
      if (extensionDirectory.isPresent()) {
        st.execute("SET extension_directory = " + literal(extensionDirectory.get()));
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute("LOAD httpfs");
    } catch (SQLException notInstalled) {
      try (Statement st = c.createStatement()) {
        st.execute("INSTALL httpfs");
        st.execute("LOAD httpfs");
      } catch (SQLException e) {
        throw new StoreException(
            "encrypting the embedded store needs DuckDB's httpfs extension, whose OpenSSL writes"
                + " encrypted files securely, and it could not be loaded or installed ("
                + e.getMessage().lines().findFirst().orElse("")
                + "). On a machine that reaches extensions.duckdb.org, run DuckDB "
                + DuckDbStore.duckDbVersion()
                + " once with INSTALL httpfs and copy the extension directory it fills"
                + " (~/.duckdb/extensions) here, or name it with FOOTFALL_DUCKDB_EXTENSION_DIRECTORY;"
                + " docs/operations.md, \"Encryption at rest\", has the steps",
            e);
      }
    }
  }

  /** {@code (ENCRYPTION_KEY '...')} for an ATTACH of the file. */
  String attachOption(String withKey) {
    return " (ENCRYPTION_KEY " + literal(withKey) + ")";
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** Never the key itself. */
  @Override
  public String toString() {
    return "DuckDbEncryption[crypto="
        + crypto
        + ", rotating="
        + previousKey.isPresent()
        + ", extensionDirectory="
        + extensionDirectory.orElse("default")
        + "]";
  }
}
