package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code Distributed} table over a local {@code MergeTree} table on two shards, the layout a
 * scaled-out Footfall will use: each node stores the sites its shard owns, and a query on either
 * node reads both.
 */
class ClickHouseTwoShardsTest {
  @RegisterExtension static final ClickHouseServer cluster = ClickHouseServer.twoShards();

  private static final List<String> COLUMNS = List.of("site", "visitor", "path");
  private static ClickHouseHttp node0;
  private static ClickHouseHttp node1;

  @BeforeAll
  static void connect() {
    node0 = cluster.client(0);
    node1 = cluster.client(1);
  }

  @AfterAll
  static void disconnect() {
    node0.close();
    node1.close();
  }

  private static void createTables(String name) {
    for (ClickHouseHttp node : List.of(node0, node1)) {
      node.execute(
          "CREATE TABLE "
              + name
              + "_local (site UInt32, visitor UInt64, path String)"
              + " ENGINE = MergeTree ORDER BY (site, visitor)");
      node.execute(
          "CREATE TABLE "
              + name
              + " AS "
              + name
              + "_local ENGINE = Distributed("
              + ClickHouseServer.CLUSTER
              + ", default, "
              + name
              + "_local, site)");
    }
  }

  /** Sites 1 to 4, visitor v visiting site s as (s * 100 + v % 10), 1,000 rows. */
  private static List<TabSeparatedRow> visits() {
    List<TabSeparatedRow> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      long site = 1L + i % 4;
      rows.add(
          TabSeparatedRow.builder()
              .number(site)
              .number(site * 100 + i % 10)
              .text("/p" + i % 3)
              .build());
    }
    return rows;
  }

  private static long count(ClickHouseHttp node, String table) {
    return node.select("SELECT count() FROM " + table).getFirst().int64(0);
  }

  @Test
  void aSynchronousInsertThroughTheDistributedTableIsSplitByShardAndReadBackWhole() {
    createTables("sync_visits");

    node0.insert(
        ClickHouseQuery.insertInto("sync_visits", COLUMNS)
            .withSetting("insert_distributed_sync", "1"),
        visits());

    // Sharding key site with two shards of weight 1: even sites on shard 0, odd on shard 1.
    assertThat(node0.select("SELECT DISTINCT site FROM sync_visits_local ORDER BY site"))
        .extracting(r -> r.text(0))
        .containsExactly("2", "4");
    assertThat(node1.select("SELECT DISTINCT site FROM sync_visits_local ORDER BY site"))
        .extracting(r -> r.text(0))
        .containsExactly("1", "3");
    assertThat(count(node0, "sync_visits_local") + count(node1, "sync_visits_local"))
        .isEqualTo(1000);
    for (ClickHouseHttp node : List.of(node0, node1)) {
      assertThat(
              node
                  .select(
                      "SELECT site, count(), uniqExact(visitor) FROM sync_visits"
                          + " GROUP BY site ORDER BY site")
                  .stream()
                  .map(TabSeparatedRow::toString))
          .containsExactly("1\t250\t5", "2\t250\t5", "3\t250\t5", "4\t250\t5");
    }
  }

  @Test
  void rowsInsertedIntoTheLocalTablesAreReadThroughTheDistributedTable() {
    createTables("local_visits");
    List<TabSeparatedRow> rows = visits();

    node0.insert(ClickHouseQuery.insertInto("local_visits_local", COLUMNS), rows.subList(0, 600));
    node1.insert(
        ClickHouseQuery.insertInto("local_visits_local", COLUMNS), rows.subList(600, 1000));

    assertThat(
            node1
                .select(
                    "SELECT count(), uniqExact(visitor), uniqCombined(visitor) FROM local_visits")
                .getFirst()
                .toString())
        .isEqualTo("1000\t20\t20");
    assertThat(
            node0
                .select("SELECT path, count() FROM local_visits GROUP BY path ORDER BY path")
                .stream()
                .map(TabSeparatedRow::toString))
        .containsExactly("/p0\t334", "/p1\t333", "/p2\t333");
  }

  @Test
  void anAsynchronousInsertReachesTheOtherShardOnlyLater() throws Exception {
    createTables("async_visits");

    node0.insert(ClickHouseQuery.insertInto("async_visits", COLUMNS), visits());

    // The default (insert_distributed_sync=0) answers once the rows are queued on node 0; a
    // background sender delivers shard 1's rows within distributed_directory_monitor_sleep_time_ms.
    long deadline = System.nanoTime() + 10_000_000_000L;
    long total = count(node0, "async_visits");
    while (total < 1000 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      total = count(node0, "async_visits");
    }
    assertThat(total).isEqualTo(1000);
    assertThat(count(node1, "async_visits_local")).isEqualTo(500);
  }
}
