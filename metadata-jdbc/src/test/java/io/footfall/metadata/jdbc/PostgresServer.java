package io.footfall.metadata.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL server for one test class, from the distribution's own binaries: {@code
 * initdb} into a temporary directory, {@code pg_ctl start} on a free loopback port with trust
 * authentication and durability switched off (fsync, synchronous commit), {@code pg_ctl stop -m
 * immediate} and deletion afterwards.
 *
 * <p>Register it with {@code @RegisterExtension static final PostgresServer postgres = new
 * PostgresServer();} and take a fresh, empty schema per test from {@link #freshSchema()} (or its
 * JDBC URL from {@link #freshSchemaUrl()}, to hand to a server). The class's {@code @Nested}
 * classes use the same server.
 *
 * <p>The binaries are looked up in {@code $FOOTFALL_PG_BIN}, else in the newest {@code
 * /usr/lib/postgresql/<version>/bin} (Debian's layout). {@code initdb} refuses to run as root, so
 * under root (as on CI) every binary runs as the {@code postgres} user through {@code runuser}, in
 * a directory handed over to that user.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
  private static final String USER = "footfall";
  private static final Path DEBIAN = Path.of("/usr/lib/postgresql");

  private final AtomicInteger schemas = new AtomicInteger();
  // The test class that started the server. Its @Nested classes inherit the extension, and JUnit
  // calls beforeAll and afterAll for each of them too: they share the running server instead.
  private String startedFor;
  private Path dir;
  private Path bin;
  private boolean asPostgresUser;
  private int port;
  private Thread shutdownHook;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (startedFor != null) {
      return;
    }
    startedFor = context.getUniqueId();
    bin = binaries();
    asPostgresUser = runningAsRoot();
    dir = Files.createTempDirectory("footfall-pg");
    if (asPostgresUser) {
      UserPrincipal postgres;
      try {
        postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      } catch (UserPrincipalNotFoundException e) {
        throw new IllegalStateException(
            "the PostgreSQL tests run as root, where initdb refuses to run, and need the"
                + " 'postgres' user to run it as; Debian's package 'postgresql' creates it"
                + " (apt-get install postgresql)",
            e);
      }
      Files.setOwner(dir, postgres);
    }
    run(
        "initdb",
        List.of(
            "-D",
            data().toString(),
            "-U",
            USER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync"));
    start();
    shutdownHook = Thread.ofPlatform().unstarted(this::stopQuietly);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (!context.getUniqueId().equals(startedFor)) {
      return;
    }
    startedFor = null;
    if (shutdownHook != null) {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }
    stopQuietly();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A new, empty schema: connections from the returned source see only it (through the driver's
   * {@code currentSchema}), so every test starts from an empty database without the cost of
   * creating one.
   */
  public ConnectionSource freshSchema() {
    String url = freshSchemaUrl() + "&user=" + USER;
    return () -> DriverManager.getConnection(url);
  }

  /**
   * The JDBC URL of a new, empty schema (through the driver's {@code currentSchema}), without the
   * user: connect as {@link #user()}, who needs no password.
   */
  public String freshSchemaUrl() {
    String schema = "t" + schemas.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?currentSchema=" + schema;
  }

  /** The database user, who connects without a password. */
  public String user() {
    return USER;
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void start() throws IOException, InterruptedException {
    // The port is free when chosen and taken a moment later; another process may win it in
    // between, so a failed start is retried on a new port.
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      port = freePort();
      try {
        run(
            "pg_ctl",
            List.of(
                "-D",
                data().toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p "
                    + port
                    + " -k "
                    + dir
                    + " -c listen_addresses=127.0.0.1 -c fsync=off"
                    + " -c synchronous_commit=off -c full_page_writes=off",
                "start"));
        return;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  private void stopQuietly() {
    if (dir == null || !Files.exists(data().resolve("postmaster.pid"))) {
      return;
    }
    try {
      run("pg_ctl", List.of("-D", data().toString(), "-m", "immediate", "-w", "stop"));
    } catch (IOException | RuntimeException e) {
      System.err.println("stopping the test PostgreSQL in " + dir + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(String program, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(args);
    Path output = Files.createTempFile("footfall-pg-" + program, ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within 90 s: " + tail(output));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited with "
                + p.exitValue()
                + ": "
                + tail(output)
                + serverLog());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private String serverLog() {
    Path log = dir.resolve("server.log");
    return Files.exists(log) ? "\nserver.log: " + tail(log) : "";
  }

  private static String tail(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path binaries() throws IOException {
    String configured = System.getenv("FOOTFALL_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      Path dir = Path.of(configured);
      if (!Files.isExecutable(dir.resolve("initdb"))
          || !Files.isExecutable(dir.resolve("pg_ctl"))) {
        throw new IllegalStateException(
            "FOOTFALL_PG_BIN="
                + configured
                + " holds no executable initdb and pg_ctl: point it at PostgreSQL's bin"
                + " directory, or unset it to use Debian's package 'postgresql'");
      }
      return dir;
    }
    Optional<Path> newest = Optional.empty();
    if (Files.isDirectory(DEBIAN)) {
      try (Stream<Path> versions = Files.list(DEBIAN)) {
        newest =
            versions
                .filter(v -> v.getFileName().toString().matches("[0-9]+"))
                .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                .filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                .map(v -> v.resolve("bin"));
      }
    }
    return newest.orElseThrow(
        () ->
            new IllegalStateException(
                "the PostgreSQL tests need the PostgreSQL server binaries (initdb, pg_ctl) and"
                    + " found none under "
                    + DEBIAN
                    + "/<version>/bin: install Debian's package 'postgresql'"
                    + " (apt-get install postgresql), or point FOOTFALL_PG_BIN at a directory"
                    + " holding initdb and pg_ctl"));
  }

  private static boolean runningAsRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
