package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store is found by name through the SPI and configured from its settings. */
class ClickHouseStoreProviderTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static EventStoreProvider provider() {
    return ServiceLoader.load(EventStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("clickhouse"))
        .findFirst()
        .orElseThrow();
  }

  private static EventStore open(Map<String, String> settings) {
    return provider()
        .open(
            new EventStoreProvider.Context(
                Path.of("unused"),
                name -> Optional.ofNullable(settings.get(name)),
                Clock.systemUTC()));
  }

  @Test
  void opensTheConfiguredDatabaseAsTheConfiguredUser() {
    Map<String, String> settings =
        Map.of(
            "FOOTFALL_CLICKHOUSE_URL",
            clickhouse.endpoint(0).toString(),
            "FOOTFALL_CLICKHOUSE_DATABASE",
            "configured",
            "FOOTFALL_CLICKHOUSE_USER",
            ClickHouseServer.USER,
            "FOOTFALL_CLICKHOUSE_PASSWORD",
            ClickHouseServer.PASSWORD);
    try (EventStore store = open(settings)) {
      store.write(
          new WriteBatch(
              List.of(TestEvents.pageview("s1", Instant.parse("2026-03-01T10:00:00Z"), 1, 1)),
              List.of()));
      assertThat(store.counts("s1").events()).isEqualTo(1);
    }
    try (ClickHouseHttp http = clickhouse.client()) {
      assertThat(http.select("SELECT count() FROM configured.events").getFirst().int64(0))
          .isEqualTo(1);
    }
  }

  @Test
  void theInsertWaitIsTheLongestTheWriterHoldsEventsBack() {
    String url = clickhouse.endpoint(0).toString();
    try (EventStore store = open(Map.of("FOOTFALL_CLICKHOUSE_URL", url))) {
      assertThat(store.writeShape().maxWait()).isEqualTo(Duration.ofMillis(200));
      assertThat(store.writeShape().waits()).isTrue();
    }
    try (EventStore store =
        open(Map.of("FOOTFALL_CLICKHOUSE_URL", url, "FOOTFALL_CLICKHOUSE_INSERT_WAIT", "1s"))) {
      assertThat(store.writeShape().maxWait()).isEqualTo(Duration.ofSeconds(1));
    }
    try (EventStore store =
        open(Map.of("FOOTFALL_CLICKHOUSE_URL", url, "FOOTFALL_CLICKHOUSE_INSERT_WAIT", "50ms"))) {
      assertThat(store.writeShape().maxWait()).isEqualTo(Duration.ofMillis(50));
    }
    try (EventStore store =
        open(Map.of("FOOTFALL_CLICKHOUSE_URL", url, "FOOTFALL_CLICKHOUSE_INSERT_WAIT", "0"))) {
      assertThat(store.writeShape().waits()).isFalse();
    }
    for (String bad : List.of("11s", "5m", "fast", "-1s", "200")) {
      assertThatThrownBy(
              () ->
                  open(
                      Map.of(
                          "FOOTFALL_CLICKHOUSE_URL", url, "FOOTFALL_CLICKHOUSE_INSERT_WAIT", bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("FOOTFALL_CLICKHOUSE_INSERT_WAIT");
    }
  }

  @Test
  void theUrlIsRequired() {
    assertThatThrownBy(() -> open(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FOOTFALL_CLICKHOUSE_URL is required");
  }

  @Test
  void refusesAUrlThatIsNotHttp() {
    assertThatThrownBy(() -> open(Map.of("FOOTFALL_CLICKHOUSE_URL", "tcp://127.0.0.1:9000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FOOTFALL_CLICKHOUSE_URL 'tcp://127.0.0.1:9000'");
  }

  @Test
  void severalUrlsNeedACluster() {
    assertThatThrownBy(
            () -> open(Map.of("FOOTFALL_CLICKHOUSE_URL", "http://a:8123, http://b:8123")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FOOTFALL_CLICKHOUSE_CLUSTER");
  }

  @Test
  void refusesAClusterTheServerDoesNotKnow() {
    assertThatThrownBy(
            () ->
                open(
                    Map.of(
                        "FOOTFALL_CLICKHOUSE_URL",
                        clickhouse.endpoint(0).toString(),
                        "FOOTFALL_CLICKHOUSE_CLUSTER",
                        "nowhere")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("knows no cluster nowhere");
  }

  @Test
  void aWrongPasswordFailsTheOpeningWithTheServersReason() {
    assertThatThrownBy(
            () ->
                open(
                    Map.of(
                        "FOOTFALL_CLICKHOUSE_URL",
                        clickhouse.endpoint(0).toString(),
                        "FOOTFALL_CLICKHOUSE_USER",
                        ClickHouseServer.USER,
                        "FOOTFALL_CLICKHOUSE_PASSWORD",
                        "wrong")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot open the ClickHouse store (database footfall");
  }
}
