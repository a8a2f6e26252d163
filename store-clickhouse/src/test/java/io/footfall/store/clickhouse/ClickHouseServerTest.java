package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickHouseServerTest {
  @Test
  void stopLeavesNoProcessPortOrFileBehind() throws Exception {
    ClickHouseServer server = new ClickHouseServer();
    server.start();
    List<Long> pids = server.pids();
    Path dir = server.directory();
    URI endpoint = server.endpoint(0);
    try (ClickHouseHttp client = server.client()) {
      client.execute("CREATE TABLE t (a UInt8) ENGINE = MergeTree ORDER BY a");
      client.execute("INSERT INTO t VALUES (1)");
    }
    assertThat(server.startupTimes())
        .allSatisfy(t -> assertThat(t).isLessThan(Duration.ofSeconds(60)));

    server.stop();

    for (long pid : pids) {
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      assertThat(handle.map(ProcessHandle::isAlive))
          .as("pid %d", pid)
          .isIn(Optional.empty(), Optional.of(false));
    }
    assertThat(Files.exists(dir)).isFalse();
    try (ClickHouseHttp client = ClickHouseHttp.builder(endpoint).build()) {
      assertThatThrownBy(() -> client.select("SELECT 1"))
          .isInstanceOf(ClickHouseConnectionException.class);
    }
  }

  @Test
  void oneNodeRunsQueriesWithItsOwnLimits() throws Exception {
    ClickHouseServer server = ClickHouseServer.oneNode(3L << 30, 1);
    server.start();
    try (ClickHouseHttp client = server.client()) {
      assertThat(
              client.select(
                  "SELECT name, value FROM system.settings WHERE name IN ('max_memory_usage',"
                      + " 'max_threads') ORDER BY name"))
          .extracting(r -> r.text(0) + "=" + r.text(1))
          .containsExactly("max_memory_usage=3221225472", "max_threads=1");
    } finally {
      server.stop();
    }
  }

  @Test
  void refusesABinaryThatIsNotExecutableOrLimitsBelowOne(@TempDir Path dir) {
    assertThatThrownBy(() -> ClickHouseServer.oneNode(dir.resolve("missing"), 1 << 30, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an executable file");
    assertThatThrownBy(() -> ClickHouseServer.oneNode(0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 bytes and 2 threads");
  }
}
