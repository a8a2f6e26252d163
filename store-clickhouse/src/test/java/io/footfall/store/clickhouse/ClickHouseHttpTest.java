package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClickHouseHttpTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final AtomicInteger tables = new AtomicInteger();
  private static ClickHouseHttp client;

  @BeforeAll
  static void connect() {
    client = clickhouse.client();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static String freshTable(String columns) {
    String name = "t" + tables.incrementAndGet();
    client.execute("CREATE TABLE " + name + " (" + columns + ") ENGINE = Memory");
    return name;
  }

  @Test
  void roundTripsHostileStringsThroughInsertAndSelect() {
    String table = freshTable("id UInt32, s String, n Nullable(String)");
    List<String> hostile = HostileStrings.ALL;
    List<TabSeparatedRow> rows = new ArrayList<>();
    for (int i = 0; i < hostile.size(); i++) {
      rows.add(TabSeparatedRow.builder().number(i).text(hostile.get(i)).nullValue().build());
    }
    rows.add(TabSeparatedRow.of(Integer.toString(hostile.size()), "\\N", "\\N"));

    client.insert(ClickHouseQuery.insertInto(table, List.of("id", "s", "n")), rows);

    List<TabSeparatedRow> back =
        client.select("SELECT id, s, n, length(s) FROM " + table + " ORDER BY id");
    assertThat(back).hasSize(hostile.size() + 1);
    for (int i = 0; i < hostile.size(); i++) {
      TabSeparatedRow row = back.get(i);
      assertThat(row.text(1)).as("string %d", i).isEqualTo(hostile.get(i));
      assertThat(row.isNull(2)).isTrue();
      assertThat(row.int64(3))
          .as("UTF-8 bytes of string %d", i)
          .isEqualTo(hostile.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
    TabSeparatedRow last = back.getLast();
    assertThat(last.text(1)).isEqualTo("\\N");
    assertThat(last.nullable(2)).contains("\\N");
  }

  @Test
  void readsEveryByteTheServerEscapes() {
    TabSeparatedRow row =
        client
            .select("SELECT unhex('000102030405060708090A0B0C0D0E0F101F20225C277F'), 'x'")
            .getFirst();

    assertThat(row.text(0))
        .isEqualTo("\0\1\2\3\4\5\6\7\b\t\n\u000B\f\r\u000E\u000F\u0010\u001F \"\\'\u007F");
    assertThat(row.text(1)).isEqualTo("x");
  }

  @Test
  void mapsASyntaxErrorToCode62WithTheServersMessage() {
    assertThatThrownBy(() -> client.select("SELEC 1"))
        .isInstanceOfSatisfying(
            ClickHouseQueryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(62);
              assertThat(e.serverMessage()).startsWith("Syntax error: failed at position 1");
              assertThat(e.serverMessage()).doesNotContain("e.what()", "Code:");
              assertThat(e.getMessage()).contains("code 62", "'SELEC 1'");
            });
  }

  @Test
  void mapsAnUnknownTableToCode60() {
    assertThatThrownBy(() -> client.select("SELECT * FROM no_such_table"))
        .isInstanceOfSatisfying(
            ClickHouseQueryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(60);
              assertThat(e.serverMessage()).contains("no_such_table");
            });
  }

  @Test
  void anErrorAfterTheFirstRowsIsAnErrorNotATruncatedResult() {
    // Without wait_end_of_query the server answers 200 and appends the error to the rows.
    assertThatThrownBy(
            () ->
                client.select(
                    ClickHouseQuery.sql(
                            "SELECT number, throwIf(number = 200000) FROM system.numbers"
                                + " LIMIT 300000")
                        .withSetting("max_block_size", "1000")))
        .isInstanceOfSatisfying(
            ClickHouseQueryException.class, e -> assertThat(e.code()).isEqualTo(395));
  }

  @Test
  void aRowThatDoesNotParseFailsTheInsertAndStoresNothing() {
    String table = freshTable("a UInt32, s String");
    List<TabSeparatedRow> rows =
        List.of(
            TabSeparatedRow.of("1", "a"),
            TabSeparatedRow.of("x", "b"),
            TabSeparatedRow.of("3", "c"));

    assertThatThrownBy(
            () -> client.insert(ClickHouseQuery.insertInto(table, List.of("a", "s")), rows))
        .isInstanceOfSatisfying(
            ClickHouseQueryException.class, e -> assertThat(e.code()).isEqualTo(27));
    assertThat(client.select("SELECT count() FROM " + table).getFirst().int64(0)).isZero();
  }

  @Test
  void refusesRowsOfTheWrongWidthBeforeSendingAnything() {
    String table = freshTable("a UInt32, s String");
    List<TabSeparatedRow> rows = List.of(TabSeparatedRow.of("1", "a"), TabSeparatedRow.of("2"));

    assertThatThrownBy(
            () -> client.insert(ClickHouseQuery.insertInto(table, List.of("a", "s")), rows))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1 has 1 fields, and the insert names 2 columns");
    assertThat(client.select("SELECT count() FROM " + table).getFirst().int64(0)).isZero();
  }

  @Test
  void insertsManyRowsAsOneStreamedBody() {
    String table = freshTable("a UInt64, s String");
    List<TabSeparatedRow> rows = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      rows.add(TabSeparatedRow.builder().number(i).text("row\t" + i).build());
    }

    client.insert(ClickHouseQuery.insertInto(table, List.of("a", "s")), rows);

    TabSeparatedRow sums =
        client
            .select(
                "SELECT count(), sum(a), countIf(s = concat('row\\t', toString(a))) FROM " + table)
            .getFirst();
    assertThat(sums.int64(0)).isEqualTo(50_000);
    assertThat(sums.int64(1)).isEqualTo(49_999L * 50_000 / 2);
    assertThat(sums.int64(2)).isEqualTo(50_000);
  }

  @Test
  void sendsSettingsAsUrlParametersQueryOverClientDefault() {
    try (ClickHouseHttp withDefault =
        ClickHouseHttp.builder(clickhouse.endpoint(0)).setting("max_threads", "1").build()) {
      String sql = "SELECT value FROM system.settings WHERE name = 'max_threads'";
      assertThat(withDefault.select(sql).getFirst().text(0)).isEqualTo("1");
      assertThat(
              withDefault
                  .select(ClickHouseQuery.sql(sql).withSetting("max_threads", "3"))
                  .getFirst()
                  .text(0))
          .isEqualTo("3");
    }
  }

  @Test
  void anUnknownSettingIsRefusedWithCode115() {
    assertThatThrownBy(
            () ->
                client.select(ClickHouseQuery.sql("SELECT 1").withSetting("no_such_setting", "1")))
        .isInstanceOfSatisfying(
            ClickHouseQueryException.class, e -> assertThat(e.code()).isEqualTo(115));
  }

  @Test
  void resolvesTablesInTheConfiguredDatabase() {
    client.execute("CREATE DATABASE IF NOT EXISTS other");
    client.execute("CREATE TABLE other.marker (x String) ENGINE = Memory");
    client.insert(
        ClickHouseQuery.insertInto("other.marker", List.of("x")),
        List.of(TabSeparatedRow.of("here")));
    try (ClickHouseHttp inOther =
        ClickHouseHttp.builder(clickhouse.endpoint(0)).database("other").build()) {
      assertThat(inOther.select("SELECT x FROM marker").getFirst().text(0)).isEqualTo("here");
      assertThat(inOther.select("SELECT currentDatabase()").getFirst().text(0)).isEqualTo("other");
    }
  }

  @Test
  void sendsUserAndPasswordAsHeaders() {
    try (ClickHouseHttp asFootfall =
            ClickHouseHttp.builder(clickhouse.endpoint(0))
                .credentials(ClickHouseServer.USER, ClickHouseServer.PASSWORD)
                .build();
        ClickHouseHttp wrongPassword =
            ClickHouseHttp.builder(clickhouse.endpoint(0))
                .credentials(ClickHouseServer.USER, "wrong")
                .build()) {
      // currentUser() came after 18.16; a query sees itself in system.processes.
      ClickHouseQuery whoAmI =
          ClickHouseQuery.sql("SELECT user FROM system.processes WHERE query_id = 'who-am-i'")
              .withQueryId("who-am-i");
      assertThat(asFootfall.select(whoAmI).getFirst().text(0)).isEqualTo(ClickHouseServer.USER);
      assertThat(client.select(whoAmI).getFirst().text(0)).isEqualTo("default");
      assertThatThrownBy(() -> wrongPassword.select("SELECT 1"))
          .isInstanceOfSatisfying(
              ClickHouseQueryException.class,
              // 193 (wrong password) on 18.16; 516 (authentication failed) on current versions
              e -> assertThat(e.code()).isIn(193, 516));
    }
  }

  @Test
  void sendsTheQueryId() throws Exception {
    CompletableFuture<List<TabSeparatedRow>> sleeping =
        CompletableFuture.supplyAsync(
            () ->
                client.select(ClickHouseQuery.sql("SELECT sleep(2)").withQueryId("footfall-q-1")));
    List<String> seen = List.of();
    for (int i = 0; i < 40 && seen.isEmpty(); i++) {
      seen =
          client
              .select("SELECT query_id FROM system.processes WHERE query_id = 'footfall-q-1'")
              .stream()
              .map(r -> r.text(0))
              .toList();
      Thread.sleep(50);
    }
    assertThat(seen).containsExactly("footfall-q-1");
    assertThat(sleeping.get().getFirst().text(0)).isEqualTo("0");
  }

  @Test
  void aQueryThatOutlastsTheTimeoutIsAConnectionFailure() {
    try (ClickHouseHttp impatient =
        ClickHouseHttp.builder(clickhouse.endpoint(0))
            .queryTimeout(Duration.ofMillis(300))
            .build()) {
      assertThatThrownBy(() -> impatient.select("SELECT sleep(2)"))
          .isInstanceOf(ClickHouseConnectionException.class)
          .hasMessageContaining("within 300 ms");
    }
  }

  @Test
  void anUnreachableServerIsAConnectionFailureNotAQueryError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (ClickHouseHttp nowhere =
        ClickHouseHttp.builder(URI.create("http://127.0.0.1:" + port)).build()) {
      assertThatThrownBy(() -> nowhere.select("SELECT 1"))
          .isInstanceOf(ClickHouseConnectionException.class)
          .hasMessageContaining("cannot connect to ClickHouse at http://127.0.0.1:" + port + "/");
    }
  }

  @Test
  void aConnectionTheServerClosedWhileIdleIsNotReused() throws Exception {
    // The test servers close idle keep-alive connections after 2 s (keep_alive_timeout); a
    // request on such a connection would fail with a broken connection.
    try (ClickHouseHttp fresh = clickhouse.client()) {
      assertThat(fresh.select("SELECT 1").getFirst().text(0)).isEqualTo("1");
      Thread.sleep(2_500);
      assertThat(fresh.select("SELECT 2").getFirst().text(0)).isEqualTo("2");
    }
  }
}
