package io.footfall.server;

import io.footfall.server.http.FootfallException;
import io.footfall.server.stores.Stores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code footfall} command line. */
@Command(
    name = "footfall",
    mixinStandardHelpOptions = true,
    version = "Footfall 0.1.0",
    description = "Self-hosted, privacy-first product and web analytics.",
    subcommands = {Footfall.Start.class, Footfall.Admin.class})
public final class Footfall implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(Footfall.class);

  public static void main(String[] args) {
    System.exit(new CommandLine(new Footfall()).execute(args));
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** {@code footfall start}: runs the server until interrupted. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start Footfall on the embedded store.")
  static final class Start implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port (default: FOOTFALL_PORT or 8080)")
    Integer port;

    @Option(names = "--host", description = "Interface (default: FOOTFALL_HOST or 0.0.0.0)")
    String host;

    @Option(
        names = "--data-dir",
        description = "Data directory (default: FOOTFALL_DATA_DIR or ./data)")
    Path dataDir;

    @Option(
        names = "--store",
        description =
            "Event store: duckdb (embedded) or clickhouse (default: FOOTFALL_STORE or duckdb)")
    String store;

    @Option(
        names = "--clickhouse-url",
        description =
            "ClickHouse HTTP URL for --store clickhouse, e.g. http://localhost:8123 (default:"
                + " FOOTFALL_CLICKHOUSE_URL)")
    String clickhouseUrl;

    @Option(
        names = "--demo",
        description = "Create a demo site with goals and load ~30 days of traffic")
    boolean demo;

    @Override
    public Integer call() throws Exception {
      FootfallConfig config;
      try {
        config = FootfallConfig.fromEnvironment(System.getenv());
      } catch (IllegalArgumentException e) {
        System.err.println("footfall: " + e.getMessage());
        return 2;
      }
      if (port != null) {
        config = config.toBuilder().port(port).build();
      }
      if (host != null) {
        config = config.toBuilder().host(host).build();
      }
      if (dataDir != null) {
        config = config.toBuilder().dataDir(dataDir).build();
      }
      if (store != null) {
        config = config.toBuilder().store(store).build();
      }
      if (clickhouseUrl != null) {
        config = config.toBuilder().storeSetting("FOOTFALL_CLICKHOUSE_URL", clickhouseUrl).build();
      }
      boolean generatedToken = false;
      if (demo && config.access().adminToken().isEmpty()) {
        byte[] t = new byte[16];
        new SecureRandom().nextBytes(t);
        config = config.toBuilder().adminToken(HexFormat.of().formatHex(t)).build();
        generatedToken = true;
      }
      FootfallServer server;
      try {
        server = FootfallServer.start(config, Clock.systemUTC());
      } catch (IllegalArgumentException e) {
        System.err.println("footfall: " + e.getMessage());
        return 2;
      } catch (io.footfall.core.StoreException e) {
        // The store could not be opened: the reason is the operator's to act on, not a bug.
        System.err.println("footfall: " + e.getMessage());
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    log.info("stopping: committing queued events and closing the store");
                    server.close();
                    stopped.countDown();
                  }));
      String base = "http://localhost:" + server.port();
      System.out.println();
      System.out.println("Footfall is running at " + base);
      System.out.println("  data directory: " + config.stores().dataDir().toAbsolutePath());
      System.out.println(
          "  tracker:        <script defer data-site=\"WRITE_KEY\" src=\""
              + base
              + "/t.js\"></script>");
      if (config.access().adminToken().isEmpty()) {
        System.out.println("  admin API:      disabled (set FOOTFALL_ADMIN_TOKEN to enable it)");
      } else if (generatedToken) {
        System.out.println(
            "  admin token:    " + config.access().adminToken() + " (generated for this run)");
      }
      if (demo) {
        loadDemo(server, config.access().adminToken(), 0);
      }
      System.out.println("Press Ctrl+C to stop.");
      stopped.await();
      return 0;
    }
  }

  /**
   * Loads the demo traffic ({@link io.footfall.core.DemoTraffic}, from the {@code demo} module on
   * the class path) into the started server, into the first owner's organization.
   *
   * @param targetEvents about how many events; 0 for the demo's default
   * @return false when no demo is on the class path (said on standard error)
   */
  static boolean loadDemo(FootfallServer server, String adminToken, int targetEvents) {
    java.util.Optional<io.footfall.core.DemoTraffic> demo =
        java.util.ServiceLoader.load(io.footfall.core.DemoTraffic.class).findFirst();
    if (demo.isEmpty()) {
      System.err.println(
          "footfall: --demo needs the demo module (footfall-demo.jar) on the class path; the"
              + " ./footfall launcher puts it there");
      return false;
    }
    demo.get()
        .load(
            server.port(),
            adminToken,
            demoOrganization(server.metadata()).orElse(""),
            targetEvents > 0 ? targetEvents : demo.get().defaultEvents());
    return true;
  }

  /**
   * The organization the demo site belongs in: the one the installation's first owner owns (so that
   * the owner sees the demo when signing in), or empty while nobody owns anything (the site then
   * goes to the default organization, which the first owner takes over at setup).
   */
  static java.util.Optional<String> demoOrganization(
      io.footfall.core.metadata.MetadataStore metadata) {
    return metadata.organizations().all().stream()
        .filter(
            org ->
                metadata.members().list(org.id()).stream()
                    .anyMatch(m -> m.role() == io.footfall.core.Role.OWNER))
        .min(
            java.util.Comparator.comparing(io.footfall.core.Organization::createdAt)
                .thenComparing(io.footfall.core.Organization::id))
        .map(io.footfall.core.Organization::id);
  }

  /** {@code footfall admin ...}: administration on a stopped server's data directory. */
  @Command(
      name = "admin",
      mixinStandardHelpOptions = true,
      description = "Administration tasks on the data directory (with the server stopped).",
      subcommands = {CreateOwner.class, Retention.class, DeleteOrganization.class})
  static final class Admin implements Callable<Integer> {
    @Override
    public Integer call() {
      CommandLine.usage(this, System.out);
      return 0;
    }
  }

  /** {@code footfall admin create-owner}: the first owner, without the setup page. */
  @Command(
      name = "create-owner",
      mixinStandardHelpOptions = true,
      description =
          "Create a person who owns a new organization. The password is read from standard input"
              + " (one line) or from FOOTFALL_OWNER_PASSWORD.")
  static final class CreateOwner implements Callable<Integer> {
    @Option(names = "--email", required = true, description = "Sign-in email")
    String email;

    @Option(names = "--name", defaultValue = "", description = "Display name")
    String name;

    @Option(
        names = "--organization",
        defaultValue = "My organization",
        description = "Name of the new organization")
    String organization;

    @Option(
        names = "--data-dir",
        description = "Data directory (default: FOOTFALL_DATA_DIR or ./data)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
      FootfallConfig config = FootfallConfig.fromEnvironment(System.getenv());
      Path dir = dataDir != null ? dataDir : config.stores().dataDir();
      String password = System.getenv("FOOTFALL_OWNER_PASSWORD");
      if (password == null || password.isEmpty()) {
        System.err.print("Password for " + email + ": ");
        java.io.Console console = System.console();
        password =
            isTerminal(console)
                ? new String(console.readPassword())
                : new java.io.BufferedReader(
                        new java.io.InputStreamReader(
                            System.in, java.nio.charset.StandardCharsets.UTF_8))
                    .readLine();
      }
      if (password == null) {
        System.err.println("footfall: no password given");
        return 2;
      }
      Clock clock = Clock.systemUTC();
      try (Stores stores = Stores.open(config.stores().withDataDir(dir), clock)) {
        io.footfall.core.metadata.MetadataStore metadata = stores.metadata();
        io.footfall.server.auth.AccountService accounts =
            new io.footfall.server.auth.AccountService(
                metadata,
                new io.footfall.server.access.PasswordHasher(),
                new io.footfall.server.access.LoginThrottle(
                    io.footfall.server.access.LoginThrottle.Limits.DEFAULTS, clock),
                new io.footfall.server.access.LoginThrottle(
                    io.footfall.server.access.LoginThrottle.Limits.PASSWORD_RESETS, clock),
                new io.footfall.server.auth.SignedTokens(
                    io.footfall.server.access.InstallationKey.read(dir), clock),
                java.util.Optional.empty(),
                "",
                clock);
        io.footfall.core.Person owner = accounts.createOwner(email, name, password, organization);
        System.out.println(
            "Created "
                + owner.email()
                + " ("
                + owner.id()
                + "), owner of \""
                + organization
                + "\".");
        return 0;
      } catch (io.footfall.core.StoreException e) {
        System.err.println(
            "footfall: cannot open "
                + dir
                + " ("
                + e.getMessage()
                + "). If Footfall is running, stop it first, or use the setup token it logged"
                + " with POST /api/auth/setup.");
        return 1;
      } catch (FootfallException e) {
        System.err.println(
            "footfall: " + (e.field().isEmpty() ? "" : e.field() + ": ") + e.getMessage());
        return 2;
      }
    }
  }

  /**
   * {@code footfall admin delete-organization}: deletes an organization with all its data: every
   * site's events, people and aggregates, and everything of the metadata that belongs to it.
   */
  @Command(
      name = "delete-organization",
      mixinStandardHelpOptions = true,
      description =
          "Delete an organization with all its sites, their events, people and aggregates, its"
              + " members' memberships (and the accounts of members who belong to no other"
              + " organization), keys, links and logs, then compact the embedded database file.")
  static final class DeleteOrganization implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "The organization's id (o_…)")
    String id;

    @Option(names = "--yes", description = "Confirm: nothing of the organization can be recovered")
    boolean yes;

    @Option(
        names = "--data-dir",
        description = "Data directory (default: FOOTFALL_DATA_DIR or ./data)")
    Path dataDir;

    @Override
    public Integer call() {
      FootfallConfig config = FootfallConfig.fromEnvironment(System.getenv());
      Path dir = dataDir != null ? dataDir : config.stores().dataDir();
      try (Stores stores = Stores.open(config.stores().withDataDir(dir), Clock.systemUTC())) {
        var org = stores.metadata().organizations().find(id);
        if (org.isEmpty()) {
          System.err.println("footfall: there is no organization " + id);
          return 2;
        }
        List<io.footfall.core.Site> sites = stores.metadata().sites().list(id);
        if (!yes) {
          System.err.println(
              "footfall: this deletes \""
                  + org.get().name()
                  + "\" ("
                  + id
                  + ") with its "
                  + sites.size()
                  + " sites and all their data; run again with --yes to do it");
          return 2;
        }
        long events = 0;
        for (io.footfall.core.Site site : sites) {
          events += stores.events().deleteSite(site.id());
        }
        stores.metadata().deleteOrganization(id);
        stores.events().compact();
        System.out.printf(
            "Deleted organization %s (%s): %d sites, %,d events.%n",
            id, org.get().name(), sites.size(), events);
        return 0;
      } catch (io.footfall.core.StoreException e) {
        System.err.println(
            "footfall: cannot open "
                + dir
                + " ("
                + e.getMessage()
                + "). If Footfall is running, stop it first.");
        return 1;
      }
    }
  }

  /**
   * {@code footfall admin retention}: enforces every site's raw retention now, as the daily job
   * does, then reopens the store so that the embedded file is compacted (the deleted bytes gone).
   */
  @Command(
      name = "retention",
      mixinStandardHelpOptions = true,
      description =
          "Delete every site's raw events older than its retention now (the server does it daily"
              + " and at start), then compact the embedded database file.")
  static final class Retention implements Callable<Integer> {
    @Option(
        names = "--data-dir",
        description = "Data directory (default: FOOTFALL_DATA_DIR or ./data)")
    Path dataDir;

    @Override
    public Integer call() {
      FootfallConfig config = FootfallConfig.fromEnvironment(System.getenv());
      Path dir = dataDir != null ? dataDir : config.stores().dataDir();
      Clock clock = Clock.systemUTC();
      io.footfall.server.stores.StoreSettings settings = config.stores().withDataDir(dir);
      try {
        List<io.footfall.server.jobs.RawRetention.Expired> done;
        List<io.footfall.core.Site> sites;
        try (Stores stores = Stores.open(settings, clock)) {
          sites = stores.metadata().sites().all();
          done =
              new io.footfall.server.jobs.RawRetention(
                      stores.events(),
                      clock,
                      new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                  .run(sites);
        }
        // Opening again compacts the embedded file after a deletion; other stores just open.
        try (Stores reopened = Stores.open(settings, clock)) {
          reopened.events().counts("");
        }
        for (io.footfall.server.jobs.RawRetention.Expired e : done) {
          io.footfall.core.Site site =
              sites.stream().filter(s -> s.id().equals(e.siteId())).findFirst().orElseThrow();
          System.out.printf(
              "%s (%s): raw events kept %d days (from %s on), %,d deleted; daily totals kept %d"
                  + " days (from %s on), %,d rows deleted%n",
              site.id(),
              site.name(),
              site.retentionDays(),
              java.time.LocalDate.ofInstant(e.horizon(), site.timeZone()),
              e.events(),
              site.aggregateRetentionDays(),
              java.time.LocalDate.ofInstant(e.aggregateHorizon(), site.timeZone()),
              e.aggregateRows());
        }
        if (done.size() < sites.size()) {
          System.err.println(
              "footfall: "
                  + (sites.size() - done.size())
                  + " sites failed; the log above says why");
          return 1;
        }
        System.out.println(
            sites.isEmpty()
                ? "No sites."
                : "Raw retention enforced on " + sites.size() + " sites.");
        return 0;
      } catch (io.footfall.core.StoreException e) {
        System.err.println(
            "footfall: cannot open "
                + dir
                + " ("
                + e.getMessage()
                + "). If Footfall is running, stop it first: it enforces retention daily itself.");
        return 1;
      }
    }
  }

  /**
   * Whether the console is an interactive terminal, where a password can be read without echo.
   * Since JDK 22 {@code System.console()} is never null, even with standard input redirected;
   * {@code Console.isTerminal()} (JDK 22) tells, and is looked up because Footfall is compiled for
   * 21.
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is for JDK 21, isTerminal for later
  static boolean isTerminal(java.io.Console console) {
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
