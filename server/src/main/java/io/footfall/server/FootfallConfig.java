package io.footfall.server;

import io.footfall.server.access.AccessSettings;
import io.footfall.server.audit.AuditSettings;
import io.footfall.server.enrich.EnrichSettings;
import io.footfall.server.http.HttpSettings;
import io.footfall.server.ingest.IngestLimits;
import io.footfall.server.ingest.IngestSettings;
import io.footfall.server.mail.SmtpSettings;
import io.footfall.server.net.Cidr;
import io.footfall.server.net.NetSettings;
import io.footfall.server.query.QuerySettings;
import io.footfall.server.settings.Env;
import io.footfall.server.stores.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of a Footfall server, sealed once the server starts: one record per feature, each
 * owning its defaults, its checks and its environment variables ({@code FOOTFALL_*}). A setting can
 * come from the environment ({@link #fromEnvironment(Map)}), from a command line flag, or from code
 * through {@link #toBuilder()}. The README's configuration table lists them all with units and
 * defaults, and a test checks that table against the code.
 *
 * @param http where the server listens and where people reach it
 * @param net which proxies are believed about the client's address
 * @param access the installation's admin and metrics tokens
 * @param stores which stores hold the data, and the data directory
 * @param enrich how events are enriched (the GeoIP database)
 * @param ingest the collector's limits, queue and group commit
 * @param smtp the mail server for password resets and reports; default none
 * @param audit how long the audit log is kept
 * @param query the query cache and the rollups
 */
public record FootfallConfig(
    HttpSettings http,
    NetSettings net,
    AccessSettings access,
    StoreSettings stores,
    EnrichSettings enrich,
    IngestSettings ingest,
    Optional<SmtpSettings> smtp,
    AuditSettings audit,
    QuerySettings query) {

  public FootfallConfig {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(net, "net");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(enrich, "enrich");
    Objects.requireNonNull(ingest, "ingest");
    Objects.requireNonNull(smtp, "smtp");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(query, "query");
  }

  /** The defaults, with the data in {@code dataDir}. */
  public static FootfallConfig defaults(Path dataDir) {
    return new FootfallConfig(
        HttpSettings.DEFAULTS,
        NetSettings.DEFAULTS,
        AccessSettings.DEFAULTS,
        StoreSettings.DEFAULTS.withDataDir(dataDir),
        EnrichSettings.DEFAULTS,
        IngestSettings.DEFAULTS,
        Optional.empty(),
        AuditSettings.DEFAULTS,
        QuerySettings.DEFAULTS);
  }

  /**
   * Reads the configuration from environment variables, falling back to the defaults.
   *
   * @throws IllegalArgumentException naming the variable when a value does not parse
   */
  public static FootfallConfig fromEnvironment(Map<String, String> variables) {
    Env env = Env.of(variables);
    return new FootfallConfig(
        HttpSettings.fromEnvironment(env),
        NetSettings.fromEnvironment(env),
        AccessSettings.fromEnvironment(env),
        StoreSettings.fromEnvironment(env),
        EnrichSettings.fromEnvironment(env),
        IngestSettings.fromEnvironment(env),
        SmtpSettings.fromEnvironment(env),
        AuditSettings.fromEnvironment(env),
        QuerySettings.fromEnvironment(env));
  }

  /** A builder holding this configuration's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Changes single settings of a configuration by their README names, for the command line's flags
   * and for tests; each feature's record checks its values as they are set.
   */
  public static final class Builder {
    private HttpSettings http;
    private NetSettings net;
    private AccessSettings access;
    private StoreSettings stores;
    private EnrichSettings enrich;
    private IngestSettings ingest;
    private Optional<SmtpSettings> smtp;
    private AuditSettings audit;
    private QuerySettings query;

    private Builder(FootfallConfig c) {
      http = c.http;
      net = c.net;
      access = c.access;
      stores = c.stores;
      enrich = c.enrich;
      ingest = c.ingest;
      smtp = c.smtp;
      audit = c.audit;
      query = c.query;
    }

    public Builder host(String value) {
      http = http.withHost(value);
      return this;
    }

    public Builder port(int value) {
      http = http.withPort(value);
      return this;
    }

    public Builder publicUrl(String value) {
      http = http.withPublicUrl(value);
      return this;
    }

    public Builder trustedProxies(List<Cidr> value) {
      net = new NetSettings(value);
      return this;
    }

    public Builder adminToken(String value) {
      access = access.withAdminToken(value);
      return this;
    }

    public Builder metricsToken(String value) {
      access = access.withMetricsToken(value);
      return this;
    }

    /** The event store backend by name ({@code FOOTFALL_STORE}). */
    public Builder store(String value) {
      stores = stores.withName(value);
      return this;
    }

    /** One setting the stores read, by its environment name; replaces an earlier value. */
    public Builder storeSetting(String name, String value) {
      stores = stores.withSetting(name, value);
      return this;
    }

    public Builder dataDir(Path value) {
      stores = stores.withDataDir(value);
      return this;
    }

    public Builder geoipDatabase(Optional<Path> value) {
      enrich = new EnrichSettings(value);
      return this;
    }

    public Builder limits(IngestLimits value) {
      ingest = ingest.withLimits(value);
      return this;
    }

    public Builder queueCapacity(int value) {
      ingest = ingest.withQueueCapacity(value);
      return this;
    }

    public Builder maxCommitEvents(int value) {
      ingest = ingest.withMaxCommitEvents(value);
      return this;
    }

    public Builder commitLinger(Duration value) {
      ingest = ingest.withCommitLinger(value);
      return this;
    }

    public Builder sessionTimeout(Duration value) {
      ingest = ingest.withSessionTimeout(value);
      return this;
    }

    public Builder dedupWindow(Duration value) {
      ingest = ingest.withDedupWindow(value);
      return this;
    }

    public Builder smtp(Optional<SmtpSettings> value) {
      smtp = value;
      return this;
    }

    public Builder auditRetention(Duration value) {
      audit = new AuditSettings(value);
      return this;
    }

    public Builder queryCacheEntries(int value) {
      query = query.withCacheEntries(value);
      return this;
    }

    public Builder rollupInterval(Duration value) {
      query = query.withRollupInterval(value);
      return this;
    }

    public FootfallConfig build() {
      return new FootfallConfig(http, net, access, stores, enrich, ingest, smtp, audit, query);
    }
  }
}
