package io.footfall.server;

import io.footfall.core.EventStore;
import io.footfall.core.SiteSettings;
import io.footfall.core.metadata.MetadataStore;
import io.footfall.server.access.Authenticator;
import io.footfall.server.access.InstallationKey;
import io.footfall.server.access.PasswordHasher;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principals;
import io.footfall.server.audit.Auditor;
import io.footfall.server.auth.AccountRoutes;
import io.footfall.server.auth.AccountService;
import io.footfall.server.auth.SignedTokens;
import io.footfall.server.dashboard.DashboardRoutes;
import io.footfall.server.enrich.GeoIp;
import io.footfall.server.enrich.SharedParsers;
import io.footfall.server.export.ExportRoutes;
import io.footfall.server.export.ExportService;
import io.footfall.server.goals.GoalRoutes;
import io.footfall.server.goals.GoalService;
import io.footfall.server.http.HttpServer;
import io.footfall.server.http.MetricsEndpoint;
import io.footfall.server.http.ServiceRoutes;
import io.footfall.server.ingest.IngestRoutes;
import io.footfall.server.ingest.IngestService;
import io.footfall.server.insights.InsightRoutes;
import io.footfall.server.insights.InsightService;
import io.footfall.server.jobs.Jobs;
import io.footfall.server.keys.KeyRoutes;
import io.footfall.server.keys.KeyService;
import io.footfall.server.keys.SiteSecrets;
import io.footfall.server.mail.MailSender;
import io.footfall.server.mail.SmtpMailSender;
import io.footfall.server.net.ClientAddress;
import io.footfall.server.people.ActiveUsersRoutes;
import io.footfall.server.people.CohortRoutes;
import io.footfall.server.people.CohortService;
import io.footfall.server.people.FunnelRoutes;
import io.footfall.server.people.FunnelService;
import io.footfall.server.people.PathsRoutes;
import io.footfall.server.people.PathsService;
import io.footfall.server.people.PeopleRoutes;
import io.footfall.server.people.PeopleService;
import io.footfall.server.people.RetentionRoutes;
import io.footfall.server.privacy.VisitorHasher;
import io.footfall.server.query.QueryRoutes;
import io.footfall.server.query.QueryService;
import io.footfall.server.schedules.EmailReports;
import io.footfall.server.schedules.ScheduleRoutes;
import io.footfall.server.sites.SiteService;
import io.footfall.server.stores.Stores;
import io.footfall.server.tenancy.OrganizationRoutes;
import io.footfall.server.tenancy.SiteRoutes;
import io.footfall.server.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
   * Opens the stores ({@link Stores#open}), starts the collector and the HTTP server.
   *
   * @throws IllegalArgumentException when no store has the configured name, or a store's setting is
   *     invalid; the message names the setting
   */
  public static FootfallServer start(FootfallConfig config, Clock clock) {
    Stores stores = Stores.open(config.stores(), clock);
    EventStore store = stores.events();
    MetadataStore metadata = stores.metadata();
    try {
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      byte[] key = InstallationKey.read(config.stores().dataDir());
      Optional<MailSender> mail = config.smtp().map(smtp -> new SmtpMailSender(smtp, clock));
      ClientAddress clientAddress = new ClientAddress(config.net().trustedProxies());
      PasswordHasher passwords = PasswordHasher.counted(meters);
      Auditor auditor = new Auditor(metadata.auditLog(), clock);
      Authenticator authenticator =
          new Authenticator(metadata, passwords, config.access().adminToken(), clock);

      SiteService sites = new SiteService(metadata, store, clock);
      VisitorHasher hasher = new VisitorHasher(metadata.sites(), metadata.salts(), clock, key);
      GeoIp geoIp = GeoIp.open(config.enrich().geoipDatabase());
      log.info("GeoIP: {}", geoIp.description());
      ReadyQueries queries = new ReadyQueries();
      io.footfall.server.catalog.EventValidation validation =
          new io.footfall.server.catalog.EventValidation(
              metadata.eventDefinitions()::ofSite, metadata.eventQuality(), meters);
      IngestService ingest =
          IngestService.start(
              config.ingest(),
              store,
              sites::byWriteKey,
              hasher,
              SharedParsers.userAgents(),
              SharedParsers.referrers(),
              geoIp,
              clock,
              meters,
              queries::eventsStored,
              validation);

      String links = config.http().linkBase();
      TenancyService tenancy =
          new TenancyService(metadata, sites, auditor, passwords, mail, links, clock);
      SiteSecrets siteSecrets =
          new SiteSecrets(metadata.secretKeys(), tenancy, auditor, authenticator, clock);
      KeyService keys = new KeyService(metadata, tenancy, auditor, passwords, clock);
      GoalService goals = new GoalService(metadata.goals(), tenancy, auditor, clock);
      CohortService cohorts =
          new CohortService(
              metadata.cohorts(),
              (principal, siteId) -> tenancy.site(principal, siteId, Permission.READ_PEOPLE),
              goals::goalsOf,
              // A static list's ids are stored as the collector stores the ids it is sent.
              (site, userId) ->
                  site.settings().userIds() == SiteSettings.UserIdMode.STORE
                      ? userId
                      : hasher.pseudonym(site, userId),
              store.people(),
              store::rawHorizon,
              auditor,
              clock);
      InsightService insights = new InsightService(metadata.insights(), tenancy, auditor, clock);
      QueryService query =
          new QueryService(
              (principal, siteId) -> tenancy.site(principal, siteId, Permission.READ_STATS),
              cohorts::segment,
              goals::goalsOf,
              store,
              config.query().cacheEntries(),
              clock,
              meters);
      queries.set(query);
      PeopleService people =
          new PeopleService(
              (principal, siteId) -> tenancy.site(principal, siteId, Permission.READ_PEOPLE),
              store.people(),
              store::rawHorizon,
              cohorts,
              clock);
      PathsService paths =
          new PathsService(
              (principal, siteId) -> tenancy.site(principal, siteId, Permission.READ_STATS),
              goals::goalsOf,
              store,
              cohorts,
              clock);
      FunnelService funnels =
          new FunnelService(tenancy::site, goals::goalsOf, store, cohorts, clock);
      ExportService exports = new ExportService(query, clock);
      EmailReports emailReports =
          new EmailReports(
              metadata.reportSchedules(), tenancy, sites::anySite, auditor, exports, mail, clock);
      AccountService accounts =
          new AccountService(metadata, passwords, new SignedTokens(key, clock), mail, links, clock);

      List<Consumer<RoutesConfig>> features =
          List.of(
              new IngestRoutes(ingest, clientAddress, siteSecrets::provesServerSide)::register,
              routes ->
                  Principals.register(
                      routes,
                      authenticator,
                      clientAddress,
                      config.http().publicUrl(),
                      "/api/admin/*",
                      "/api/auth/*",
                      "/api/query",
                      "/api/stats/*",
                      "/api/people",
                      "/api/people/*",
                      "/api/retention",
                      "/api/active-users",
                      "/api/paths",
                      "/api/funnels",
                      "/api/export/*"),
              new SiteRoutes(
                      tenancy,
                      sites,
                      store,
                      site -> siteSecrets.issue(site).value(),
                      geoIp.level().apiName())
                  ::register,
              new io.footfall.server.privacy.DataRequestRoutes(
                      new io.footfall.server.privacy.DataRequestService(
                          tenancy, hasher, store, metadata.dataRequests(), auditor, clock))
                  ::register,
              new io.footfall.server.privacy.OptOutPage(sites::anySite)::register,
              new io.footfall.server.catalog.CatalogRoutes(
                      new io.footfall.server.catalog.CatalogService(
                          tenancy,
                          metadata.eventDefinitions(),
                          metadata.eventQuality(),
                          validation::forget,
                          store,
                          auditor,
                          clock))
                  ::register,
              new OrganizationRoutes(tenancy)::register,
              new KeyRoutes(keys, siteSecrets)::register,
              new QueryRoutes(query)::register,
              new PeopleRoutes(people)::register,
              new CohortRoutes(
                      cohorts,
                      (principal, siteId) ->
                          tenancy.site(principal, siteId, Permission.READ_PEOPLE),
                      store,
                      clock)
                  ::register,
              new RetentionRoutes(
                      (principal, siteId) ->
                          tenancy.site(principal, siteId, Permission.READ_PEOPLE),
                      goals::goalsOf,
                      store,
                      cohorts,
                      clock)
                  ::register,
              new ActiveUsersRoutes(
                      (principal, siteId) ->
                          tenancy.site(principal, siteId, Permission.READ_PEOPLE),
                      store,
                      cohorts,
                      clock)
                  ::register,
              new PathsRoutes(paths)::register,
              new FunnelRoutes(funnels)::register,
              new GoalRoutes(goals)::register,
              new InsightRoutes(insights)::register,
              new ExportRoutes(exports)::register,
              new ScheduleRoutes(emailReports)::register,
              new AccountRoutes(accounts, config.http().reachedOverHttps(), clientAddress, clock)
                  ::register,
              DashboardRoutes.load()::register,
              new MetricsEndpoint(
                      config.access().metricsToken(),
                      config.access().adminToken(),
                      authenticator::isBootstrapToken,
                      meters::scrape)
                  ::register,
              new ServiceRoutes(ingest::ready)::register);
      HttpServer http =
          HttpServer.start(
              config.http().host(), config.http().port(), DashboardRoutes::assets, features);
      String setupToken = accounts.openSetup();
      Jobs jobs =
          Jobs.start(
              new Jobs.Settings(
                  config.audit().retention(), config.query().rollupInterval(), mail.isPresent()),
              hasher,
              metadata,
              emailReports,
              store,
              new io.footfall.server.jobs.RawRetention(store, clock, meters),
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

  /**
   * The event store and the metadata store together, with the embedded store that holds the
   * metadata when the event store keeps none; for tests that look at everything stored.
   */
  public Stores stores() {
    return stores;
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

  /**
   * The query service, once built: the collector starts first (it restores its state from the
   * store) and tells the query cache about every commit from then on.
   */
  private static final class ReadyQueries {
    private volatile QueryService service;

    void set(QueryService s) {
      service = s;
    }

    void eventsStored(Set<String> sites) {
      QueryService s = service;
      if (s != null) {
        s.eventsStored(sites);
      }
    }
  }
}
