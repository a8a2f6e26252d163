package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.EventStore;
import io.footfall.core.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionizerTest {
  final Sessionizer sessions = new Sessionizer(Duration.ofMinutes(30));
  final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void endsAVisitAfterThirtyMinutesOfInactivity() {
    var a = sessions.assign("s", new long[] {1}, t0, t0);
    var b = sessions.assign("s", new long[] {1}, t0.plusSeconds(29 * 60), t0);
    var c = sessions.assign("s", new long[] {1}, t0.plusSeconds(29 * 60 + 30 * 60 + 1), t0);

    assertThat(b.sessionId()).isEqualTo(a.sessionId());
    assertThat(c.sessionId()).isNotEqualTo(a.sessionId());
  }

  @Test
  void continuesAVisitAcrossMidnightUnderYesterdaysId() {
    long yesterdaysId = 7;
    long todaysId = 8;
    var before = sessions.assign("s", new long[] {yesterdaysId, 6}, t0, t0);
    var after = sessions.assign("s", new long[] {todaysId, yesterdaysId}, t0.plusSeconds(60), t0);

    assertThat(after.visitorId()).isEqualTo(yesterdaysId);
    assertThat(after.sessionId()).isEqualTo(before.sessionId());
  }

  @Test
  void aLateEventBeforeTheVisitStartsItsOwnVisitWithoutEndingTheCurrentOne() {
    var current = sessions.assign("s", new long[] {1}, t0, t0);
    var late = sessions.assign("s", new long[] {1}, t0.minusSeconds(3 * 3600), t0);
    var next = sessions.assign("s", new long[] {1}, t0.plusSeconds(60), t0);

    assertThat(late.sessionId()).isNotEqualTo(current.sessionId());
    assertThat(next.sessionId()).isEqualTo(current.sessionId());
  }

  @Test
  void keepsSitesApart() {
    var a = sessions.assign("s1", new long[] {1}, t0, t0);
    var b = sessions.assign("s2", new long[] {1}, t0, t0);
    assertThat(a.sessionId()).isNotEqualTo(b.sessionId());
  }

  @Test
  void continuesRestoredVisitsAndForgetsIdleOnes() {
    sessions.restore(
        List.of(
            new EventStore.Visit(
                "s",
                1,
                99,
                t0,
                t0.plusSeconds(60),
                TestEvents.visitAttributes("Google", "search", "1920x1080"))),
        t0);
    assertThat(sessions.assign("s", new long[] {1}, t0.plusSeconds(120), t0).sessionId())
        .isEqualTo(99);

    sessions.evict(t0.plus(Duration.ofMinutes(31)));
    assertThat(sessions.size()).isZero();
  }
}
