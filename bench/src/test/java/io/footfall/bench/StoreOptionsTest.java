package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StoreOptionsTest {
  @Test
  void queryAndIngestStayOnDuckDbByDefault() {
    Bench.Query query = new Bench.Query();
    new CommandLine(query).parseArgs();
    Bench.Ingest ingest = new Bench.Ingest();
    new CommandLine(ingest).parseArgs();

    assertThat(query.store.clickhouse()).isEmpty();
    assertThat(ingest.store.clickhouse()).isEmpty();
  }

  @Test
  void readsClickHouseSettings() {
    Bench.Query query = new Bench.Query();
    new CommandLine(query)
        .parseArgs(
            "--store",
            "clickhouse",
            "--clickhouse-bin",
            "/opt/clickhouse",
            "--clickhouse-memory-mib",
            "4096",
            "--clickhouse-threads",
            "1",
            "--copy-batch",
            "5000");

    assertThat(query.store.clickhouse())
        .contains(new ClickHouseOptions(Optional.of(Path.of("/opt/clickhouse")), 4096, 1, 5000));
  }

  @Test
  void defaultsToEightGibibytesAndTwoThreads() {
    Bench.Ingest ingest = new Bench.Ingest();
    new CommandLine(ingest).parseArgs("--store", "clickhouse");

    assertThat(ingest.store.clickhouse())
        .contains(new ClickHouseOptions(Optional.empty(), 8192, 2, 100_000));
  }

  @Test
  void refusesAnUnknownStoreAndTooSmallLimits() {
    Bench.Query query = new Bench.Query();
    new CommandLine(query).parseArgs("--store", "postgres");
    assertThatThrownBy(query.store::clickhouse)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--store must be duckdb or clickhouse, was 'postgres'");

    Bench.Query small = new Bench.Query();
    new CommandLine(small).parseArgs("--store", "clickhouse", "--clickhouse-memory-mib", "10");
    assertThatThrownBy(small.store::clickhouse)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 64");
  }
}
