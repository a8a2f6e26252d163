package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.core.query.Metric;
import io.footfall.core.query.ReportQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where the store's data ends up on the server's disk: raw values planted in events (as if a raw IP
 * and user agent had slipped through upstream) are found in the events table's files and nowhere
 * else under ClickHouse's directory (logs, temporary files, metadata, other tables), after writes,
 * and lookups and reports that name them in their text.
 */
class ClickHouseStorageScanTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  private static final String IP = "198.51.100.77";
  private static final String AGENT = "Mozilla/5.0 (X11; Planted 9000) Gecko/20100101 Scanned/1.0";

  @Test
  void plantedValuesLiveOnlyInTheEventsTable() throws IOException {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(
          TestEvents.withProperties(
              TestEvents.event("s1", "planted-" + i, "signup", at.plusSeconds(i), i, i),
              "{\"ip\":\"" + IP + "\",\"agent\":\"" + AGENT + "\"}"));
    }
    try (ClickHouseStore store =
        ClickHouseStore.builder(clickhouse.endpoint(0)).database("scan").open()) {
      store.write(new WriteBatch(events, List.of()));
      assertThat(store.existingIds("s1", List.of("planted-1", IP), at))
          .containsExactly("planted-1");
      ReportQuery q =
          new ReportQuery(
              "s1",
              java.time.ZoneOffset.UTC,
              at,
              at.plusSeconds(3600),
              "EUR",
              List.of(Metric.of(Metric.Kind.EVENTS)),
              List.of(Dimension.property("ip")),
              List.of(new Filter(Filter.Op.IS, Dimension.property("agent"), false, List.of(AGENT))),
              List.of(),
              List.of(),
              10,
              0);
      assertThat(store.report(q).rows()).hasSize(1);
    }
    Path root = clickhouse.directory();
    List<String> inEvents = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (!text.contains(IP) && !text.contains(AGENT)) {
          continue;
        }
        boolean eventsTable =
            root.relativize(f).toString().replace('\\', '/').matches(".*/data/data/scan/events/.*");
        (eventsTable ? inEvents : elsewhere).add(root.relativize(f).toString());
      }
    }
    assertThat(inEvents).as("the scan sees the stored values (a control)").isNotEmpty();
    assertThat(elsewhere).isEmpty();
  }
}
