package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.footfall.core.people.DataSubject;
import io.footfall.core.people.PersonUpdate;
import io.footfall.core.people.PropertyChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17 item 2's proof on ClickHouse: a person's events (with their user id, and anonymous
 * events of a visitor linked to them) and property changes carry markers; after their erasure no
 * file under ClickHouse's directory (data, metadata, mutations, logs) holds the markers or the user
 * id, once the server has removed the parts the mutation replaced ({@code old_parts_lifetime}, one
 * second on the test server), while another person's markers are still stored.
 */
class ClickHouseErasureScanTest {
  @RegisterExtension static final ClickHouseServer clickhouse = new ClickHouseServer();

  @Test
  void anErasedPersonLeavesNoMarkerOrIdInClickHousesFiles() throws Exception {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    String marker = "mkErasedQx71";
    String other = "mkKeptWv38";
    String userId = "subject-erased-9f3k";
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(
          TestEvents.withProperties(
              TestEvents.withUser(
                  TestEvents.event("s1", "mine-" + i, "signup", at.plusSeconds(i), 5, 50), userId),
              "{\"note\":\"" + marker + "\"}"));
      events.add(
          TestEvents.withProperties(
              TestEvents.event("s1", "anon-" + i, "pageview", at.plusSeconds(i), 77, 70),
              "{\"note\":\"" + marker + "\"}"));
      events.add(
          TestEvents.withProperties(
              TestEvents.withUser(
                  TestEvents.event("s1", "other-" + i, "signup", at.plusSeconds(i), 6, 60),
                  "someone-else"),
              "{\"note\":\"" + other + "\"}"));
    }
    List<PersonUpdate> updates =
        List.of(
            new PersonUpdate(
                "s1",
                userId,
                at.plusSeconds(60),
                "identify",
                77,
                List.of(PropertyChange.set("nick", "\"" + marker + "\""))));
    try (ClickHouseStore store =
        ClickHouseStore.builder(clickhouse.endpoint(0)).database("erasure").open()) {
      store.write(new WriteBatch(events, List.of(), updates));
      Path root = clickhouse.directory();
      assertThat(filesWith(root, marker)).as("a control: the scan sees the markers").isNotEmpty();

      DataSubject.Erased erased =
          store.eraseSubject(new DataSubject("s1", Set.of(userId), Set.of()));

      assertThat(erased).isEqualTo(new DataSubject.Erased(20, 1, 1));
      assertThat(store.events("s1")).hasSize(10);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while ((!filesWith(root, marker).isEmpty() || !filesWith(root, userId).isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(filesWith(root, marker)).isEmpty();
      assertThat(filesWith(root, userId)).isEmpty();
      assertThat(filesWith(root, other)).as("the other person is kept").isNotEmpty();
    }
  }

  /** The files under the directory whose bytes hold the text. */
  private static List<String> filesWith(Path root, String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (java.nio.file.NoSuchFileException gone) {
          continue; // removed by the server while the walk went on
        }
        if (new String(bytes, StandardCharsets.ISO_8859_1).contains(text)) {
          found.add(root.relativize(f).toString());
        }
      }
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
        return filesWith(root, text); // a directory went away mid-walk: look again
      }
      throw e;
    }
    return found;
  }
}
