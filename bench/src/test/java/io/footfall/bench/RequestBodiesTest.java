package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.demo.TrafficGenerator;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  private static final List<Map<String, Object>> EVENTS =
      new TrafficGenerator(
              9,
              Clock.fixed(Instant.parse("2026-02-10T12:00:00Z"), ZoneOffset.UTC),
              ZoneOffset.UTC,
              3,
              300)
          .events();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aSingleBodyIsTheGeneratedEventWithTheSiteAndAFreshId() throws IOException {
    RequestBodies bodies = RequestBodies.of(EVENTS, "wk_1", "run-a");

    Map<String, Object> first = parse(bodies.single());
    Map<String, Object> second = parse(bodies.single());

    assertThat(first).containsEntry("site", "wk_1").containsEntry("id", "run-a-0");
    assertThat(withoutSiteAndId(first)).isEqualTo(withoutId(EVENTS.get(0)));
    assertThat(second).containsEntry("id", "run-a-1");
    assertThat(withoutSiteAndId(second)).isEqualTo(withoutId(EVENTS.get(1)));
  }

  @Test
  void aBatchBodyHoldsConsecutiveEventsWithUniqueIdsAndWrapsAroundThePool() throws IOException {
    RequestBodies bodies = RequestBodies.of(EVENTS, "wk_1", "run-b");
    Set<Object> ids = new HashSet<>();
    int batches = EVENTS.size() / 100 + 2;
    for (int b = 0; b < batches; b++) {
      Map<String, Object> body = parse(bodies.batch(100));
      assertThat(body).containsEntry("site", "wk_1");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> batch = (List<Map<String, Object>>) body.get("batch");
      assertThat(batch).hasSize(100);
      for (int i = 0; i < batch.size(); i++) {
        assertThat(ids.add(batch.get(i).get("id"))).isTrue();
        Map<String, Object> expected = withoutId(EVENTS.get((b * 100 + i) % EVENTS.size()));
        Map<String, Object> actual = new LinkedHashMap<>(batch.get(i));
        actual.remove("id");
        assertThat(actual).isEqualTo(expected);
      }
    }
    assertThat(bodies.issued()).isEqualTo(batches * 100L);
  }

  @Test
  void refusesTokensThatWouldBreakTheJson() {
    assertThatThrownBy(() -> RequestBodies.of(EVENTS, "wk\"", "run"))
        .hasMessageContaining("plain tokens");
    assertThatThrownBy(() -> RequestBodies.of(List.of(), "wk", "run"))
        .hasMessageContaining("no events");
  }

  private Map<String, Object> parse(byte[] body) throws IOException {
    return json.readValue(body, new TypeReference<Map<String, Object>>() {});
  }

  private Map<String, Object> withoutSiteAndId(Map<String, Object> body) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.remove("site");
    copy.remove("id");
    return copy;
  }

  private Map<String, Object> withoutId(Map<String, Object> event) throws IOException {
    // Through JSON, so numbers compare as the parser reads them.
    Map<String, Object> copy =
        json.readValue(json.writeValueAsBytes(event), new TypeReference<Map<String, Object>>() {});
    copy.remove("id");
    return copy;
  }
}
