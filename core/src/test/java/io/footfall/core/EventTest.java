package io.footfall.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTest {
  final Event event = TestEvents.pageview("s1", Instant.parse("2026-03-01T10:00:00Z"), 1, 2);

  @Test
  void withVisitReplacesTheVisitAttributesAndKeepsWhatBelongsToTheEvent() {
    Event.VisitAttributes visit =
        new Event.VisitAttributes(
            "https://news.ycombinator.com/",
            "news.ycombinator.com",
            "Hacker News",
            "referral",
            new Event.Utm("hn", "social", "launch", "analytics", "top"),
            "gclid",
            "Safari",
            "17",
            "iOS",
            "17.5",
            "mobile",
            "390x844",
            "FR",
            "Île-de-France",
            "Paris");

    Event stamped = event.withVisit(visit);

    assertThat(stamped.visitAttributes()).isEqualTo(visit);
    assertThat(stamped.page().hostname()).isEqualTo(event.page().hostname());
    assertThat(stamped.page().pathname()).isEqualTo(event.page().pathname());
    assertThat(stamped.page().url()).isEqualTo(event.page().url());
    assertThat(stamped.page().title()).isEqualTo(event.page().title());
    assertThat(stamped.client().locale()).isEqualTo(event.client().locale());
    assertThat(stamped.client().network()).isEqualTo(event.client().network());
    assertThat(stamped)
        .usingRecursiveComparison()
        .ignoringFields("page", "client")
        .isEqualTo(event);
  }

  @Test
  void stampingAnEventWithItsOwnVisitAttributesChangesNothing() {
    assertThat(event.withVisit(event.visitAttributes())).isEqualTo(event);
  }
}
