package io.footfall.server;

import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.metadata.jdbc.JdbcMetadataStore;
import io.footfall.server.access.Authenticator;
import io.footfall.server.access.LoginThrottle;
import io.footfall.server.access.PasswordHasher;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principals;
import io.footfall.server.audit.Auditor;
import io.footfall.server.auth.AccountRoutes;
import io.footfall.server.auth.AccountService;
import io.footfall.server.auth.SignedTokens;
import io.footfall.server.dashboard.DashboardRoutes;
import io.footfall.server.enrich.GeoIp;
import io.footfall.server.enrich.Referrers;
import io.footfall.server.enrich.UserAgents;
import io.footfall.server.export.ExportRoutes;
import io.footfall.server.export.ExportService;
import io.footfall.server.goals.GoalRoutes;
import io.footfall.server.goals.GoalService;
import io.footfall.server.http.FootfallException;
import io.footfall.server.http.HttpServer;
import io.footfall.server.http.MetricsEndpoint;
import io.footfall.server.ingest.IngestRoutes;
import io.footfall.server.ingest.IngestService;
import io.footfall.server.jobs.Jobs;
import io.footfall.server.mail.MailSender;
import io.footfall.server.mail.SmtpMailSender;
import io.footfall.server.net.ClientAddress;
import io.footfall.server.privacy.VisitorHasher;
import io.footfall.server.query.QueryRoutes;
import io.footfall.server.query.QueryService;
import io.footfall.server.schedules.EmailReports;
import io.footfall.server.schedules.ScheduleRoutes;
import io.footfall.server.sites.SiteService;
import io.footfall.server.tenancy.AdminRoutes;
import io.footfall.server.tenancy.SiteSecrets;
import io.footfall.server.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only place that knows every feature and wires them together over the
 * embedded store.
 */
public final class FootfallServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FootfallServer.class);

  private final FootfallConfig config;
  private final Stores stores;
  private final EventStore store;
  private final MetadataStore metadata;
  private final GeoIp geoIp;
  private final IngestService ingest;
  private final SiteService sites;
  private final EmailReports emailReports;
  private final HttpServer http;
  private final Jobs jobs;
  private final String setupToken;

  private FootfallServer(
      FootfallConfig config,
      Stores stores,
      GeoIp geoIp,
      IngestService ingest,
      SiteService sites,
      EmailReports emailReports,
      HttpServer http,
      Jobs jobs,
      String setupToken) {
    this.config = config;
    this.stores = stores;
    this.store = stores.events();
    this.metadata = stores.metadata();
    this.geoIp = geoIp;
    this.ingest = ingest;
    this.sites = sites;
    this.emailReports = emailReports;
    this.http = http;
    this.jobs = jobs;
    this.setupToken = setupToken;
  }

  /**
   * Opens the stores ({@link #openStores}), starts the collector and the HTTP server.
   *
   * @throws IllegalArgumentException when no store has the configured name, or a store's setting is
   *     invalid; the message names the setting
   */
  public static FootfallServer start(FootfallConfig config, Clock clock) {
    Stores stores = openStores(config, clock);
    EventStore store = stores.events();
    MetadataStore metadata = stores.metadata();
    try {
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      SiteService sites = new SiteService(metadata, store, clock);
      byte[] key = installationKey(config.dataDir());
      VisitorHasher hasher = new VisitorHasher(metadata.sites(), metadata.salts(), clock, key);
      GeoIp geoIp = GeoIp.open(config.geoipDatabase());
      log.info("GeoIP: {}", geoIp.description());
      ReadyQueries queries = new ReadyQueries();
      IngestService ingest =
          IngestService.start(
              config.ingest(),
              store,
              sites::byWriteKey,
              hasher,
              Parsers.userAgents(),
              Parsers.referrers(),
              geoIp,
              clock,
              meters,
              queries::eventsStored);
      PasswordHasher passwords = new PasswordHasher();
      io.micrometer.core.instrument.FunctionCounter.builder(
              "footfall.password.hashes", passwords, PasswordHasher::hashesComputed)
          .description("argon2id hashes computed: sign-ins, shared-link passwords, new passwords")
          .register(meters);
      ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
      Authenticator authenticator =
          new Authenticator(
              metadata,
              passwords,
              new LoginThrottle(
                  LoginThrottle.Limits.SHARED_LINKS, clock, "wrong passwords for this shared link"),
              config.adminToken(),
              clock);
      Auditor auditor = new Auditor(metadata.auditLog(), clock);
      java.util.Optional<MailSender> mail =
          config.smtp().map(smtp -> (MailSender) new SmtpMailSender(smtp, clock));
      String publicUrl =
          config.publicUrl().isEmpty() ? "http://localhost:" + config.port() : config.publicUrl();
      TenancyService tenancy =
          new TenancyService(metadata, sites, auditor, passwords, mail, publicUrl, clock);
      SiteSecrets siteSecrets =
          new SiteSecrets(metadata.secretKeys(), tenancy, auditor, authenticator, clock);
      AdminRoutes admin =
          new AdminRoutes(tenancy, sites, siteSecrets, store, geoIp.level().apiName());
      GoalService goalService = new GoalService(metadata.goals(), tenancy, auditor, clock);
      QueryService query =
          new QueryService(
              (principal, siteId) -> tenancy.site(principal, siteId, Permission.READ_STATS),
              goalService::goalsOf,
              store,
              config.queryCacheEntries(),
              clock,
              meters);
      queries.set(query);
      QueryRoutes stats = new QueryRoutes(query);
      GoalRoutes goals = new GoalRoutes(goalService);
      ExportService exportService = new ExportService(query, clock);
      EmailReports emailReports =
          new EmailReports(
              metadata.reportSchedules(),
              tenancy,
              sites::anySite,
              auditor,
              exportService,
              mail,
              clock);
      ExportRoutes exports = new ExportRoutes(exportService);
      ScheduleRoutes schedules = new ScheduleRoutes(emailReports);
      AccountService accounts =
          new AccountService(
              metadata,
              passwords,
              new LoginThrottle(LoginThrottle.Limits.DEFAULTS, clock),
              new LoginThrottle(
                  LoginThrottle.Limits.PASSWORD_RESETS, clock, "password-reset requests"),
              new SignedTokens(key, clock),
              mail,
              config.publicUrl().isEmpty()
                  ? "http://localhost:" + config.port()
                  : config.publicUrl(),
              clock);
      AccountRoutes account =
          new AccountRoutes(
              accounts, config.publicUrl().startsWith("https://"), clientAddress, clock);
      IngestRoutes collect = new IngestRoutes(ingest, clientAddress, siteSecrets::provesServerSide);
      java.util.Optional<byte[]> tracker = resource("io/footfall/tracker/t.js");
      byte[] openApi =
          resource("io/footfall/server/http/openapi.json")
              .orElseThrow(() -> new IllegalStateException("openapi.json is missing: rebuild"));
      List<Consumer<RoutesConfig>> features =
          List.of(
              collect::register,
              routes ->
                  Principals.register(
                      routes,
                      authenticator,
                      clientAddress,
                      config.publicUrl(),
                      "/api/admin/*",
                      "/api/auth/*",
                      "/api/query",
                      "/api/stats/*",
                      "/api/export/*"),
              admin::register,
              stats::register,
              goals::register,
              exports::register,
              schedules::register,
              account::register,
              DashboardRoutes.load()::register,
              new MetricsEndpoint(
                      config.metricsToken(),
                      config.adminToken(),
                      authenticator::isBootstrapToken,
                      meters::scrape)
                  ::register,
              routes -> {
                routes.get("/healthz", ctx -> ctx.json(java.util.Map.of("status", "ok")));
                routes.get(
                    "/readyz",
                    ctx -> {
                      boolean ready = ingest.ready();
                      ctx.status(ready ? 200 : 503)
                          .json(java.util.Map.of("status", ready ? "ready" : "not ready"));
                    });
                routes.get(
                    "/api/openapi.json",
                    ctx ->
                        ctx.contentType("application/json")
                            .header("Access-Control-Allow-Origin", "*")
                            .result(openApi));
                routes.get(
                    "/t.js",
                    ctx ->
                        ctx.contentType("application/javascript; charset=utf-8")
                            .header("Cache-Control", "public, max-age=3600")
                            .header("Access-Control-Allow-Origin", "*")
                            .result(
                                tracker.orElseThrow(
                                    () ->
                                        new MissingResource(
                                            "the tracker t.js was not built into this server;"
                                                + " rebuild with mvn package"))));
              });
      HttpServer http =
          HttpServer.start(config.host(), config.port(), DashboardRoutes::assets, features);
      String setupToken = accounts.openSetup();
      Jobs jobs =
          Jobs.start(
              new Jobs.Settings(config.auditRetention(), config.rollupInterval(), mail.isPresent()),
              hasher,
              metadata,
              emailReports,
              store,
              sites::allSites,
              clock);
      return new FootfallServer(
          config, stores, geoIp, ingest, sites, emailReports, http, jobs, setupToken);
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  /**
   * The one-time token that creates the first owner through {@code POST /api/auth/setup}, as logged
   * at start-up; empty when an owner existed at start-up.
   */
  public String setupToken() {
    return setupToken;
  }

  /** Every HTTP endpoint as {@code METHOD path}. */
  public List<String> routes() {
    return http.routes();
  }

  /** The port the server listens on. */
  public int port() {
    return http.port();
  }

  public FootfallConfig config() {
    return config;
  }

  /** The event store, for tools and tests that inspect what was stored. */
  public EventStore store() {
    return store;
  }

  /** The metadata store (organizations, sites, people, keys, ...). */
  public MetadataStore metadata() {
    return metadata;
  }

  public SiteService sites() {
    return sites;
  }

  /** The email report schedules and their sender (tests run {@link EmailReports#sendDue}). */
  public EmailReports emailReports() {
    return emailReports;
  }

  /**
   * The installation's secret key for persistent-id hashing, created on first start in the data
   * directory (readable by the owner only).
   */
  static byte[] installationKey(Path dataDir) {
    Path file = dataDir.resolve("installation.key");
    try {
      if (Files.exists(file)) {
        return HexFormat.of().parseHex(Files.readString(file).strip());
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.createDirectories(dataDir);
      Path tmp = dataDir.resolve("installation.key.tmp");
      Files.writeString(tmp, HexFormat.of().formatHex(key));
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.warn("cannot restrict permissions of {} on this file system", tmp);
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static java.util.Optional<byte[]> resource(String name) {
    try (InputStream in = FootfallServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        log.warn("{} is missing from the classpath; /t.js will answer 404", name);
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /**
   * The event store and the metadata store of an installation, opened together; {@code
   * metadataHome} is the embedded store that holds the metadata when the event store does not.
   */
  record Stores(
      EventStore events, MetadataStore metadata, java.util.Optional<EventStore> metadataHome)
      implements AutoCloseable {
    @Override
    public void close() {
      metadata.close();
      metadataHome.ifPresent(EventStore::close);
      events.close();
    }
  }

  /**
   * Opens the event store that {@code FOOTFALL_STORE} names, found through {@link
   * java.util.ServiceLoader}, and the metadata store: in the event store's own database when it
   * offers one to share ({@link EventStore#sharedDatabase()}, the embedded DuckDB file), otherwise
   * in an embedded store of its own under {@code metadata/} in the data directory.
   *
   * @throws IllegalArgumentException when no store has that name (naming the setting and the names
   *     there are) or a store's setting is invalid
   */
  static Stores openStores(FootfallConfig config, Clock clock) {
    EventStoreProvider.Context context =
        new EventStoreProvider.Context(
            config.dataDir(),
            name -> java.util.Optional.ofNullable(config.storeSettings().get(name)),
            clock);
    EventStore events = provider(config.store()).open(context);
    try {
      java.util.Optional<java.util.function.Supplier<java.sql.Connection>> shared =
          events.sharedDatabase();
      if (shared.isPresent()) {
        return new Stores(
            events, JdbcMetadataStore.open(shared.get()::get), java.util.Optional.empty());
      }
      // A store on a server of its own (ClickHouse) keeps no metadata: the embedded store holds
      // it in a file of its own, whose events tables stay empty.
      EventStore embedded =
          provider(EMBEDDED_STORE)
              .open(
                  new EventStoreProvider.Context(
                      config.dataDir().resolve("metadata"), context.settings(), clock));
      try {
        java.util.function.Supplier<java.sql.Connection> db =
            embedded
                .sharedDatabase()
                .orElseThrow(
                    () -> new IllegalStateException("the embedded store offers no database"));
        return new Stores(events, JdbcMetadataStore.open(db::get), java.util.Optional.of(embedded));
      } catch (RuntimeException e) {
        embedded.close();
        throw e;
      }
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
  }

  /** The store that keeps the metadata when the event store keeps none. */
  private static final String EMBEDDED_STORE = "duckdb";

  /**
   * The store provider with this name.
   *
   * @throws IllegalArgumentException naming {@code FOOTFALL_STORE} and the stores there are
   */
  static EventStoreProvider provider(String name) {
    List<EventStoreProvider> all =
        java.util.ServiceLoader.load(EventStoreProvider.class).stream()
            .map(java.util.ServiceLoader.Provider::get)
            .toList();
    return all.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "FOOTFALL_STORE names no store: \""
                        + name
                        + "\"; the stores in this build are "
                        + all.stream().map(EventStoreProvider::name).sorted().toList()));
  }

  /** Stops taking requests, commits what was acknowledged-pending, and closes the store. */
  @Override
  public void close() {
    // A rollup build in progress holds a connection to the store: let it finish first.
    jobs.close();
    http.close();
    ingest.close();
    geoIp.close();
    stores.close();
  }

  /** A file that should have been built into the server is not there. */
  private static final class MissingResource extends FootfallException {
    private static final long serialVersionUID = 1L;

    MissingResource(String message) {
      super(404, "not_built", "", message);
    }
  }

  /**
   * The parsers are immutable and costly to build (the user-agent rules take seconds), so one
   * process shares one set, however many servers it runs (tests run several).
   */
  private static final class Parsers {
    private static volatile UserAgents userAgents;
    private static volatile Referrers referrers;

    static synchronized UserAgents userAgents() {
      if (userAgents == null) {
        userAgents = UserAgents.load(20_000);
      }
      return userAgents;
    }

    static synchronized Referrers referrers() {
      if (referrers == null) {
        referrers = Referrers.load();
      }
      return referrers;
    }
  }

  /**
   * The query service, once built: the collector starts first (it restores its state from the
   * store) and tells the query cache about every commit from then on.
   */
  private static final class ReadyQueries {
    private volatile QueryService service;

    void set(QueryService s) {
      service = s;
    }

    void eventsStored(java.util.Set<String> sites) {
      QueryService s = service;
      if (s != null) {
        s.eventsStored(sites);
      }
    }
  }
}
