package io.footfall.server;

import io.footfall.server.ingest.IngestLimits;
import io.footfall.server.ingest.IngestSettings;
import io.footfall.server.mail.SmtpSettings;
import io.footfall.server.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of a Footfall server, sealed once the server starts. Each can come from an
 * environment variable ({@code FOOTFALL_*}, see {@link #fromEnvironment(Map)}), from a command line
 * flag, or from code through the record's constructor. The README lists them all with units and
 * defaults.
 *
 * @param host interface to listen on; default {@code 0.0.0.0}
 * @param port TCP port; default 8080; 0 picks a free port
 * @param dataDir directory of the embedded store and keys; default {@code ./data}
 * @param adminToken bootstrap superuser Bearer token; empty disables it (default)
 * @param trustedProxies networks whose {@code X-Forwarded-For} is believed; default none
 * @param geoipDatabase an mmdb file to use instead of the bundled country database
 * @param limits ingest limits
 * @param queueCapacity events waiting for commit before requests get 503; default 100000
 * @param maxCommitEvents most events one group commit writes; default 10000
 * @param commitLinger how long the writer, when requests are arriving concurrently, waits for more
 *     before committing a group of fewer than 100 events; default 2 ms; 0 commits at once
 * @param sessionTimeout inactivity that ends a visit; default 30 minutes
 * @param dedupWindow how long event ids are remembered for idempotency; default 8 days
 * @param publicUrl the URL people reach Footfall at, for links in mails; default empty (then {@code
 *     http://localhost:PORT})
 * @param smtp the mail server for password resets and reports; default none
 * @param auditRetention how long audit log entries are kept; default 90 days
 * @param queryCacheEntries query answers kept in memory until their site gets new events; default
 *     10000; 0 turns the cache off
 * @param rollupInterval how often the daily rollups are brought up to date with new events; default
 *     1 minute; 0 turns rollups off (every report reads the raw events)
 * @param metricsToken Bearer token a Prometheus scraper sends to read {@code /metrics}; default
 *     empty: then only the installation token ({@code adminToken}) reads it, and with neither set
 *     {@code /metrics} answers 404
 * @param store the name of the event store backend ({@code FOOTFALL_STORE}): {@code duckdb}
 *     (default, embedded) or {@code clickhouse}; found through {@link
 *     io.footfall.core.EventStoreProvider}
 * @param storeSettings the settings the chosen store reads by their environment names (such as
 *     {@code FOOTFALL_DUCKDB_MEMORY_MIB}, {@code FOOTFALL_CLICKHOUSE_URL}); the store checks them
 */
public record FootfallConfig(
    String host,
    int port,
    Path dataDir,
    String adminToken,
    List<Cidr> trustedProxies,
    Optional<Path> geoipDatabase,
    IngestLimits limits,
    int queueCapacity,
    int maxCommitEvents,
    Duration commitLinger,
    Duration sessionTimeout,
    Duration dedupWindow,
    String publicUrl,
    Optional<SmtpSettings> smtp,
    Duration auditRetention,
    int queryCacheEntries,
    Duration rollupInterval,
    String metricsToken,
    String store,
    Map<String, String> storeSettings) {

  public FootfallConfig {
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(smtp, "smtp");
    requirePositive(auditRetention, "auditRetention");
    if (queryCacheEntries < 0) {
      throw new IllegalArgumentException(
          "FOOTFALL_QUERY_CACHE_ENTRIES must be 0 or more, was " + queryCacheEntries);
    }
    if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^\\s/]+(/.*)?")) {
      throw new IllegalArgumentException(
          "FOOTFALL_PUBLIC_URL must be an http(s) URL like https://stats.example.com, was "
              + publicUrl);
    }
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(adminToken, "adminToken");
    trustedProxies = List.copyOf(trustedProxies);
    Objects.requireNonNull(geoipDatabase, "geoipDatabase");
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (!adminToken.isEmpty() && adminToken.length() < 16) {
      throw new IllegalArgumentException(
          "FOOTFALL_ADMIN_TOKEN must be at least 16 characters, was " + adminToken.length());
    }
    if (queueCapacity < limits.maxBatchEvents()) {
      throw new IllegalArgumentException(
          "queue capacity ("
              + queueCapacity
              + ") must hold at least one full batch ("
              + limits.maxBatchEvents()
              + " events)");
    }
    if (maxCommitEvents < 1) {
      throw new IllegalArgumentException("maxCommitEvents must be positive");
    }
    Objects.requireNonNull(commitLinger, "commitLinger");
    if (commitLinger.isNegative() || commitLinger.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "FOOTFALL_COMMIT_LINGER must be between 0 and 1s, was " + commitLinger);
    }
    requirePositive(sessionTimeout, "sessionTimeout");
    requirePositive(dedupWindow, "dedupWindow");
    Objects.requireNonNull(metricsToken, "metricsToken");
    Objects.requireNonNull(store, "store");
    if (store.isBlank()) {
      throw new IllegalArgumentException("FOOTFALL_STORE must name a store, was blank");
    }
    storeSettings = Map.copyOf(storeSettings);
    if (!metricsToken.isEmpty() && metricsToken.length() < 16) {
      throw new IllegalArgumentException(
          "FOOTFALL_METRICS_TOKEN must be at least 16 characters, was " + metricsToken.length());
    }
  }

  /** The defaults, with the data in {@code dataDir}. */
  public static FootfallConfig defaults(Path dataDir) {
    return new FootfallConfig(
        "0.0.0.0",
        8080,
        dataDir,
        "",
        List.of(),
        Optional.empty(),
        IngestLimits.DEFAULTS,
        100_000,
        10_000,
        Duration.ofMillis(2),
        Duration.ofMinutes(30),
        Duration.ofDays(8),
        "",
        Optional.empty(),
        Duration.ofDays(90),
        10_000,
        Duration.ofMinutes(1),
        "",
        "duckdb",
        Map.of());
  }

  /**
   * Reads the configuration from environment variables, falling back to the defaults.
   *
   * @throws IllegalArgumentException naming the variable when a value does not parse
   */
  public static FootfallConfig fromEnvironment(Map<String, String> env) {
    Env e = new Env(env);
    IngestLimits d = IngestLimits.DEFAULTS;
    IngestLimits limits =
        new IngestLimits(
            e.integer("FOOTFALL_MAX_BATCH_EVENTS", d.maxBatchEvents()),
            e.integer("FOOTFALL_MAX_REQUEST_BYTES", d.maxRequestBytes()),
            e.integer("FOOTFALL_MAX_EVENT_BYTES", d.maxEventBytes()),
            e.integer("FOOTFALL_MAX_PROPERTIES", d.maxProperties()),
            e.integer("FOOTFALL_MAX_STRING_LENGTH", d.maxStringLength()),
            e.integer("FOOTFALL_MAX_URL_LENGTH", d.maxUrlLength()),
            e.duration("FOOTFALL_MAX_EVENT_AGE", d.maxAge()),
            e.duration("FOOTFALL_MAX_BACKFILL_AGE", d.maxBackfillAge()),
            e.duration("FOOTFALL_MAX_FUTURE_SKEW", d.maxFutureSkew()));
    FootfallConfig def = defaults(Path.of("data"));
    return new FootfallConfig(
        e.text("FOOTFALL_HOST", def.host()),
        e.integer("FOOTFALL_PORT", def.port()),
        Path.of(e.text("FOOTFALL_DATA_DIR", def.dataDir().toString())),
        e.text("FOOTFALL_ADMIN_TOKEN", ""),
        e.cidrs("FOOTFALL_TRUSTED_PROXIES"),
        e.path("FOOTFALL_GEOIP_DB"),
        limits,
        e.integer("FOOTFALL_QUEUE_CAPACITY", def.queueCapacity()),
        e.integer("FOOTFALL_MAX_COMMIT_EVENTS", def.maxCommitEvents()),
        e.duration("FOOTFALL_COMMIT_LINGER", def.commitLinger()),
        e.duration("FOOTFALL_SESSION_TIMEOUT", def.sessionTimeout()),
        e.duration("FOOTFALL_DEDUP_WINDOW", def.dedupWindow()),
        e.text("FOOTFALL_PUBLIC_URL", ""),
        e.smtp(),
        e.duration("FOOTFALL_AUDIT_RETENTION", def.auditRetention()),
        e.integer("FOOTFALL_QUERY_CACHE_ENTRIES", def.queryCacheEntries()),
        e.duration("FOOTFALL_ROLLUP_INTERVAL", def.rollupInterval()),
        e.text("FOOTFALL_METRICS_TOKEN", ""),
        e.text("FOOTFALL_STORE", def.store()),
        e.storeSettings());
  }

  /** What the collector needs of this configuration. */
  public IngestSettings ingest() {
    return new IngestSettings(
        limits, queueCapacity, maxCommitEvents, commitLinger, sessionTimeout, dedupWindow);
  }

  /** A builder holding this configuration's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a configuration from the defaults or from another configuration; every value is checked
   * when {@link #build()} creates the record.
   */
  public static final class Builder {
    private String host;
    private int port;
    private Path dataDir;
    private String adminToken;
    private List<Cidr> trustedProxies;
    private Optional<Path> geoipDatabase;
    private IngestLimits limits;
    private int queueCapacity;
    private int maxCommitEvents;
    private Duration commitLinger;
    private Duration sessionTimeout;
    private Duration dedupWindow;
    private String publicUrl;
    private Optional<SmtpSettings> smtp;
    private Duration auditRetention;
    private int queryCacheEntries;
    private Duration rollupInterval;
    private String metricsToken;
    private String store;
    private Map<String, String> storeSettings;

    private Builder(FootfallConfig c) {
      host = c.host;
      port = c.port;
      dataDir = c.dataDir;
      adminToken = c.adminToken;
      trustedProxies = c.trustedProxies;
      geoipDatabase = c.geoipDatabase;
      limits = c.limits;
      queueCapacity = c.queueCapacity;
      maxCommitEvents = c.maxCommitEvents;
      commitLinger = c.commitLinger;
      sessionTimeout = c.sessionTimeout;
      dedupWindow = c.dedupWindow;
      publicUrl = c.publicUrl;
      smtp = c.smtp;
      auditRetention = c.auditRetention;
      queryCacheEntries = c.queryCacheEntries;
      rollupInterval = c.rollupInterval;
      metricsToken = c.metricsToken;
      store = c.store;
      storeSettings = c.storeSettings;
    }

    /** The event store backend by name ({@code FOOTFALL_STORE}). */
    public Builder store(String value) {
      store = value;
      return this;
    }

    /** One setting the store reads, by its environment name; replaces an earlier value. */
    public Builder storeSetting(String name, String value) {
      Map<String, String> copy = new java.util.HashMap<>(storeSettings);
      copy.put(name, value);
      storeSettings = copy;
      return this;
    }

    public Builder metricsToken(String value) {
      metricsToken = value;
      return this;
    }

    public Builder rollupInterval(Duration value) {
      rollupInterval = value;
      return this;
    }

    public Builder queryCacheEntries(int value) {
      queryCacheEntries = value;
      return this;
    }

    public Builder auditRetention(Duration value) {
      auditRetention = value;
      return this;
    }

    public Builder publicUrl(String value) {
      publicUrl = value;
      return this;
    }

    public Builder smtp(Optional<SmtpSettings> value) {
      smtp = value;
      return this;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder dataDir(Path value) {
      dataDir = value;
      return this;
    }

    public Builder adminToken(String value) {
      adminToken = value;
      return this;
    }

    public Builder trustedProxies(List<Cidr> value) {
      trustedProxies = value;
      return this;
    }

    public Builder geoipDatabase(Optional<Path> value) {
      geoipDatabase = value;
      return this;
    }

    public Builder limits(IngestLimits value) {
      limits = value;
      return this;
    }

    public Builder queueCapacity(int value) {
      queueCapacity = value;
      return this;
    }

    public Builder maxCommitEvents(int value) {
      maxCommitEvents = value;
      return this;
    }

    public Builder commitLinger(Duration value) {
      commitLinger = value;
      return this;
    }

    public Builder sessionTimeout(Duration value) {
      sessionTimeout = value;
      return this;
    }

    public Builder dedupWindow(Duration value) {
      dedupWindow = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public FootfallConfig build() {
      return new FootfallConfig(
          host,
          port,
          dataDir,
          adminToken,
          trustedProxies,
          geoipDatabase,
          limits,
          queueCapacity,
          maxCommitEvents,
          commitLinger,
          sessionTimeout,
          dedupWindow,
          publicUrl,
          smtp,
          auditRetention,
          queryCacheEntries,
          rollupInterval,
          metricsToken,
          store,
          storeSettings);
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** Typed access to environment variables with errors that name the variable. */
  private record Env(Map<String, String> env) {
    String text(String key, String fallback) {
      String v = env.get(key);
      return v == null || v.isBlank() ? fallback : v.strip();
    }

    int integer(String key, int fallback) {
      String v = text(key, "");
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
      }
    }

    Duration duration(String key, Duration fallback) {
      String v = text(key, "");
      return v.isEmpty() ? fallback : Durations.parse(key, v);
    }

    Optional<Path> path(String key) {
      String v = text(key, "");
      return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
    }

    Optional<SmtpSettings> smtp() {
      String host = text("FOOTFALL_SMTP_HOST", "");
      if (host.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new SmtpSettings(
                host,
                integer("FOOTFALL_SMTP_PORT", 587),
                text("FOOTFALL_SMTP_USERNAME", ""),
                text("FOOTFALL_SMTP_PASSWORD", ""),
                text("FOOTFALL_SMTP_FROM", ""),
                !text("FOOTFALL_SMTP_STARTTLS", "true").equalsIgnoreCase("false"),
                Duration.ofSeconds(30)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("FOOTFALL_SMTP_*: " + e.getMessage(), e);
      }
    }

    /**
     * The variables a store may read: every {@code FOOTFALL_*} one, since the server does not know
     * which the chosen store reads (each store documents its own).
     */
    Map<String, String> storeSettings() {
      Map<String, String> out = new java.util.HashMap<>();
      env.forEach(
          (k, v) -> {
            if (k.startsWith("FOOTFALL_") && !v.isBlank()) {
              out.put(k, v.strip());
            }
          });
      return out;
    }

    List<Cidr> cidrs(String key) {
      List<Cidr> out = new ArrayList<>();
      for (String part : text(key, "").split(",")) {
        if (!part.isBlank()) {
          try {
            out.add(Cidr.parse(part.strip()));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
          }
        }
      }
      return out;
    }
  }
}
