package io.footfall.server;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
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
    subcommands = {Footfall.Start.class})
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

    @Option(names = "--demo", description = "Create a demo site and load ~30 days of traffic")
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
      boolean generatedToken = false;
      if (demo && config.adminToken().isEmpty()) {
        byte[] t = new byte[16];
        new SecureRandom().nextBytes(t);
        config = config.toBuilder().adminToken(HexFormat.of().formatHex(t)).build();
        generatedToken = true;
      }
      FootfallServer server = FootfallServer.start(config, Clock.systemUTC());
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
      System.out.println("  data directory: " + config.dataDir().toAbsolutePath());
      System.out.println(
          "  tracker:        <script defer data-site=\"WRITE_KEY\" src=\""
              + base
              + "/t.js\"></script>");
      if (config.adminToken().isEmpty()) {
        System.out.println("  admin API:      disabled (set FOOTFALL_ADMIN_TOKEN to enable it)");
      } else if (generatedToken) {
        System.out.println(
            "  admin token:    " + config.adminToken() + " (generated for this run)");
      }
      if (demo) {
        Demo.load(server, base, config.adminToken());
      }
      System.out.println("Press Ctrl+C to stop.");
      stopped.await();
      return 0;
    }
  }
}
