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
}
