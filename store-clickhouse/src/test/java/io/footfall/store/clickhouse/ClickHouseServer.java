package io.footfall.store.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Throwaway ClickHouse servers for one test class: {@code clickhouse-server} as a child process per
 * node, in a temporary directory (data, logs, configuration) on free loopback ports, killed and
 * deleted afterwards, also by a shutdown hook if the JVM ends first.
 *
 * <p>Register it with {@code @RegisterExtension static final ClickHouseServer clickhouse = new
 * ClickHouseServer();} for one node, or {@link #twoShards()} for two nodes that both know the
 * cluster {@value #CLUSTER}: two shards of one replica each, the first on node 0, the second on
 * node 1, so that a {@code Distributed} table on either node spans both.
 *
 * <p>The binary is {@code $FOOTFALL_CLICKHOUSE_BIN}, else {@code /usr/bin/clickhouse} (the single
 * binary of the official packages, started as {@code clickhouse server}), else Debian's {@code
 * /usr/sbin/clickhouse-server} (package {@code clickhouse-server}, 18.16). Unlike {@code initdb},
 * it runs as root (as on CI) without complaint, so no {@code runuser} is needed.
 *
 * <p>The configuration is generated and minimal: loopback only, the timezone UTC (so {@code
 * DateTime} text is UTC whatever the machine says), parts replaced by a merge or a mutation removed
 * after a second instead of eight minutes (what an erasure test waits for), logs at {@code
 * information} level into the node's directory, small caches and two threads and 1 GB per query for
 * a two-core CI machine ({@link #oneNode} sets other limits), no query log. Each node also has a
 * user {@value #USER} with password {@value #PASSWORD} besides the password-less {@code default}. A
 * node answers {@code SELECT 1} in about 0.15 s after its start on this machine; {@link
 * #startupTimes()} has the measurements.
 */
public final class ClickHouseServer implements BeforeAllCallback, AfterAllCallback {
  public static final String CLUSTER = "footfall_two_shards";
  public static final String USER = "footfall";
  public static final String PASSWORD = "s3cret 'quoted' \\ pass";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** The tests' limit on one query's memory: 1 GB, as on a small CI machine. */
  public static final long DEFAULT_MAX_MEMORY_USAGE = 1_000_000_000L;

  /** The tests' threads per query: two, for a two-core CI machine. */
  public static final int DEFAULT_MAX_THREADS = 2;

  private final int nodes;
  private final long maxMemoryUsage;
  private final int maxThreads;
  private final Path binary; // null: FOOTFALL_CLICKHOUSE_BIN or the packages' paths
  private final List<Node> running = new ArrayList<>();
  private Path dir;
  private Thread shutdownHook;

  private record Node(Process process, int httpPort, Duration startup) {}

  /** One node with the tests' limits. */
  public ClickHouseServer() {
    this(1, DEFAULT_MAX_MEMORY_USAGE, DEFAULT_MAX_THREADS, null);
  }

  private ClickHouseServer(int nodes, long maxMemoryUsage, int maxThreads, Path binary) {
    if (maxMemoryUsage < 1 || maxThreads < 1) {
      throw new IllegalArgumentException(
          "a ClickHouse node needs a positive memory limit and thread count, got "
              + maxMemoryUsage
              + " bytes and "
              + maxThreads
              + " threads");
    }
    this.nodes = nodes;
    this.maxMemoryUsage = maxMemoryUsage;
    this.maxThreads = maxThreads;
    this.binary = binary;
  }

  /** Two nodes, each one shard of the cluster {@value #CLUSTER}, with the tests' limits. */
  public static ClickHouseServer twoShards() {
    return new ClickHouseServer(2, DEFAULT_MAX_MEMORY_USAGE, DEFAULT_MAX_THREADS, null);
  }

  /**
   * One node whose queries may each use up to {@code maxMemoryUsage} bytes ({@code
   * max_memory_usage}) and {@code maxThreads} threads ({@code max_threads}): for the benchmarks,
   * whose months of millions of events need more than the tests' 1 GB.
   */
  public static ClickHouseServer oneNode(long maxMemoryUsage, int maxThreads) {
    return new ClickHouseServer(1, maxMemoryUsage, maxThreads, null);
  }

  /**
   * Like {@link #oneNode(long, int)}, started from {@code binary} ({@code clickhouse} or {@code
   * clickhouse-server}) rather than the one the environment or the packages name.
   */
  public static ClickHouseServer oneNode(Path binary, long maxMemoryUsage, int maxThreads) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalArgumentException(
          binary + " is not an executable file: point it at clickhouse or clickhouse-server");
    }
    return new ClickHouseServer(1, maxMemoryUsage, maxThreads, binary);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  /** Starts the nodes; {@link #beforeAll} calls it. */
  public void start() throws IOException, InterruptedException {
    List<String> command = binary != null ? serverCommand(binary) : command();
    dir = Files.createTempDirectory("footfall-clickhouse");
    shutdownHook = Thread.ofPlatform().unstarted(this::killAll);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    // A port is free when chosen and may be taken by another process before the server binds
    // it; a start that fails is retried on new ports.
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int[] http = new int[nodes];
      int[] tcp = new int[nodes];
      int[] interserver = new int[nodes];
      for (int i = 0; i < nodes; i++) {
        http[i] = freePort();
        tcp[i] = freePort();
        interserver[i] = freePort();
      }
      try {
        for (int i = 0; i < nodes; i++) {
          Path nodeDir = Files.createDirectories(dir.resolve("try" + attempt + "-node" + i));
          writeConfig(nodeDir, http[i], tcp[i], interserver[i], tcp, maxMemoryUsage, maxThreads);
          running.add(launch(command, nodeDir, http[i], tcp[i]));
        }
        return;
      } catch (IllegalStateException e) {
        killAll();
        last = e;
      }
    }
    throw last;
  }

  /** Kills the nodes and deletes their directory; {@link #afterAll} calls it. */
  public void stop() throws IOException {
    if (shutdownHook != null) {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      shutdownHook = null;
    }
    killAll();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A client of node 0 as the password-less {@code default} user. */
  public ClickHouseHttp client() {
    return client(0);
  }

  /** A client of the given node (from 0) as the password-less {@code default} user. */
  public ClickHouseHttp client(int node) {
    return ClickHouseHttp.builder(endpoint(node)).build();
  }

  /** The HTTP endpoint of the given node, such as {@code http://127.0.0.1:39123/}. */
  public URI endpoint(int node) {
    return URI.create("http://127.0.0.1:" + running.get(node).httpPort() + "/");
  }

  /** The operating-system process id of each node. */
  public List<Long> pids() {
    return running.stream().map(n -> n.process().pid()).toList();
  }

  /** The directory that holds every node's files; deleted by {@link #stop()}. */
  public Path directory() {
    return dir;
  }

  /** For each node, the time from its launch until it answered {@code SELECT 1}. */
  public List<Duration> startupTimes() {
    return running.stream().map(Node::startup).toList();
  }

  private Node launch(List<String> command, Path nodeDir, int httpPort, int tcpPort)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(command);
    full.add("--config-file=" + nodeDir.resolve("config.xml"));
    long started = System.nanoTime();
    Process p =
        new ProcessBuilder(full)
            .directory(nodeDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(nodeDir.resolve("stdout.log").toFile())
            .start();
    URI endpoint = URI.create("http://127.0.0.1:" + httpPort + "/");
    try (ClickHouseHttp probe =
        ClickHouseHttp.builder(endpoint)
            .connectTimeout(Duration.ofMillis(500))
            .queryTimeout(Duration.ofSeconds(5))
            .build()) {
      long deadline = started + START_TIMEOUT.toNanos();
      while (true) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              String.join(" ", full)
                  + " exited with "
                  + p.exitValue()
                  + " before answering on port "
                  + httpPort
                  + ": "
                  + logs(nodeDir));
        }
        try {
          if (probe.select("SELECT 1").getFirst().text(0).equals("1")) {
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf(
                "clickhouse-server (pid %d, http %d, tcp %d) answered after %d ms%n",
                p.pid(), httpPort, tcpPort, startup.toMillis());
            return new Node(p, httpPort, startup);
          }
        } catch (ClickHouseConnectionException notYet) {
          // still starting
        }
        if (System.nanoTime() > deadline) {
          kill(p);
          throw new IllegalStateException(
              String.join(" ", full)
                  + " did not answer SELECT 1 on port "
                  + httpPort
                  + " within "
                  + START_TIMEOUT.toSeconds()
                  + " s: "
                  + logs(nodeDir));
        }
        Thread.sleep(50);
      }
    } catch (RuntimeException | InterruptedException e) {
      kill(p);
      throw e;
    }
  }

  private void killAll() {
    for (Node n : running) {
      kill(n.process());
    }
    running.clear();
  }

  /**
   * SIGKILL, as {@code pg_ctl -m immediate}: the data is thrown away, so a clean shutdown (which
   * waits for queries and flushes logs) would only cost time.
   */
  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        System.err.println("clickhouse-server pid " + p.pid() + " survived SIGKILL for 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void writeConfig(
      Path nodeDir,
      int httpPort,
      int tcpPort,
      int interserverPort,
      int[] shardTcpPorts,
      long maxMemoryUsage,
      int maxThreads)
      throws IOException {
    StringBuilder shards = new StringBuilder();
    for (int port : shardTcpPorts) {
      shards.append(
          """
                <shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>
          """
              .formatted(port));
    }
    String config =
        """
        <?xml version="1.0"?>
        <yandex>
          <logger>
            <level>information</level>
            <log>%1$s/server.log</log>
            <errorlog>%1$s/server.err.log</errorlog>
            <size>10M</size>
            <count>1</count>
          </logger>
          <listen_host>127.0.0.1</listen_host>
          <http_port>%2$d</http_port>
          <tcp_port>%3$d</tcp_port>
          <interserver_http_port>%4$d</interserver_http_port>
          <interserver_http_host>127.0.0.1</interserver_http_host>
          <path>%1$s/data/</path>
          <tmp_path>%1$s/tmp/</tmp_path>
          <user_files_path>%1$s/user_files/</user_files_path>
          <format_schema_path>%1$s/format_schemas/</format_schema_path>
          <users_config>%1$s/users.xml</users_config>
          <default_profile>default</default_profile>
          <default_database>default</default_database>
          <timezone>UTC</timezone>
          <mark_cache_size>67108864</mark_cache_size>
          <uncompressed_cache_size>67108864</uncompressed_cache_size>
          <max_concurrent_queries>50</max_concurrent_queries>
          <keep_alive_timeout>2</keep_alive_timeout>
          <mlock_executable>false</mlock_executable>
          <merge_tree>
            <old_parts_lifetime>1</old_parts_lifetime>
            <cleanup_delay_period>1</cleanup_delay_period>
          </merge_tree>
          <remote_servers>
            <%5$s>
        %6$s    </%5$s>
          </remote_servers>
        </yandex>
        """
            .formatted(nodeDir, httpPort, tcpPort, interserverPort, CLUSTER, shards);
    String users =
        """
        <?xml version="1.0"?>
        <yandex>
          <profiles>
            <default>
              <max_memory_usage>%d</max_memory_usage>
              <max_threads>%d</max_threads>
            </default>
          </profiles>
          <users>
            <default>
              <password></password>
              <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
              <profile>default</profile>
              <quota>default</quota>
            </default>
            <%s>
              <password>%s</password>
              <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
              <profile>default</profile>
              <quota>default</quota>
            </%s>
          </users>
          <quotas><default></default></quotas>
        </yandex>
        """
            .formatted(maxMemoryUsage, maxThreads, USER, xml(PASSWORD), USER);
    Files.writeString(nodeDir.resolve("config.xml"), config, StandardCharsets.UTF_8);
    Files.writeString(nodeDir.resolve("users.xml"), users, StandardCharsets.UTF_8);
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String logs(Path nodeDir) {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("stdout.log", "server.err.log")) {
      Path log = nodeDir.resolve(name);
      if (Files.exists(log)) {
        out.append('\n').append(name).append(": ").append(tail(log));
      }
    }
    return out.toString();
  }

  private static String tail(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> command() {
    String configured = System.getenv("FOOTFALL_CLICKHOUSE_BIN");
    if (configured != null && !configured.isBlank()) {
      Path bin = Path.of(configured);
      if (!Files.isExecutable(bin)) {
        throw new IllegalStateException(
            "FOOTFALL_CLICKHOUSE_BIN="
                + configured
                + " is not an executable file: point it at clickhouse or clickhouse-server, or"
                + " unset it to use Debian's package 'clickhouse-server'");
      }
      return serverCommand(bin);
    }
    for (String candidate : List.of("/usr/bin/clickhouse", "/usr/sbin/clickhouse-server")) {
      Path bin = Path.of(candidate);
      if (Files.isExecutable(bin)) {
        return serverCommand(bin);
      }
    }
    throw new IllegalStateException(
        "the ClickHouse tests need clickhouse-server and found neither /usr/bin/clickhouse nor"
            + " /usr/sbin/clickhouse-server: install Debian's package 'clickhouse-server'"
            + " (apt-get install clickhouse-server), or point FOOTFALL_CLICKHOUSE_BIN at a"
            + " clickhouse or clickhouse-server binary");
  }

  /** The single {@code clickhouse} binary takes the program as its first argument. */
  private static List<String> serverCommand(Path bin) {
    return bin.getFileName().toString().equals("clickhouse")
        ? List.of(bin.toString(), "server")
        : List.of(bin.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
