package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionizerTest {
  static final Event.VisitAttributes GOOGLE =
      TestEvents.visitAttributes("Google", "search", "1920x1080");
  static final Event.VisitAttributes NEWSLETTER =
      TestEvents.visitAttributes("newsletter", "email", "390x844");
  static final Event.VisitAttributes INTERNAL =
      TestEvents.visitAttributes("", "direct", "1280x720");

  final Sessionizer sessions = new Sessionizer(Duration.ofMinutes(30));
  final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

  Sessionizer.Assignment assign(long[] candidates, Instant at, Event.VisitAttributes own) {
    return sessions.assign("s", candidates, at, own, t0);
  }

  @Test
  void endsAVisitAfterThirtyMinutesOfInactivity() {
    var a = assign(new long[] {1}, t0, GOOGLE);
    var b = assign(new long[] {1}, t0.plusSeconds(29 * 60), GOOGLE);
    var c = assign(new long[] {1}, t0.plusSeconds(29 * 60 + 30 * 60 + 1), GOOGLE);

    assertThat(b.sessionId()).isEqualTo(a.sessionId());
    assertThat(c.sessionId()).isNotEqualTo(a.sessionId());
  }

  @Test
  void laterEventsOfAVisitTakeTheAttributesOfTheEventThatOpenedIt() {
    var first = assign(new long[] {1}, t0, GOOGLE);
    var second = assign(new long[] {1}, t0.plusSeconds(60), INTERNAL);
    var third = assign(new long[] {1}, t0.plusSeconds(120), NEWSLETTER);

    assertThat(first.attributes()).isEqualTo(GOOGLE);
    assertThat(second.sessionId()).isEqualTo(first.sessionId());
    assertThat(second.attributes()).isEqualTo(GOOGLE);
    assertThat(third.attributes()).isEqualTo(GOOGLE);
  }

  @Test
  void aNewVisitAfterThirtyMinutesOfInactivityTakesItsOwnAttributes() {
    var first = assign(new long[] {1}, t0, GOOGLE);
    var next = assign(new long[] {1}, t0.plus(Duration.ofMinutes(31)), NEWSLETTER);
    var joining = assign(new long[] {1}, t0.plus(Duration.ofMinutes(32)), INTERNAL);

    assertThat(next.sessionId()).isNotEqualTo(first.sessionId());
    assertThat(next.attributes()).isEqualTo(NEWSLETTER);
    assertThat(joining.sessionId()).isEqualTo(next.sessionId());
    assertThat(joining.attributes()).isEqualTo(NEWSLETTER);
  }

  @Test
  void continuesAVisitAcrossMidnightUnderYesterdaysId() {
    long yesterdaysId = 7;
    long todaysId = 8;
    var before = assign(new long[] {yesterdaysId, 6}, t0, GOOGLE);
    var after = assign(new long[] {todaysId, yesterdaysId}, t0.plusSeconds(60), INTERNAL);

    assertThat(after.visitorId()).isEqualTo(yesterdaysId);
    assertThat(after.sessionId()).isEqualTo(before.sessionId());
    assertThat(after.attributes()).isEqualTo(GOOGLE);
  }

  @Test
  void aLateEventBeforeTheVisitStartsItsOwnVisitWithoutEndingTheCurrentOne() {
    var current = assign(new long[] {1}, t0, GOOGLE);
    var late = assign(new long[] {1}, t0.minusSeconds(3 * 3600), NEWSLETTER);
    var next = assign(new long[] {1}, t0.plusSeconds(60), INTERNAL);

    assertThat(late.sessionId()).isNotEqualTo(current.sessionId());
    assertThat(late.attributes()).isEqualTo(NEWSLETTER);
    assertThat(next.sessionId()).isEqualTo(current.sessionId());
    assertThat(next.attributes()).isEqualTo(GOOGLE);
  }

  @Test
  void aLateEventWithAnEarlierTimeJoinsTheVisitAndTakesItsAttributes() {
    var current = assign(new long[] {1}, t0, GOOGLE);
    var late = assign(new long[] {1}, t0.minusSeconds(10 * 60), NEWSLETTER);
    var next = assign(new long[] {1}, t0.plusSeconds(60), INTERNAL);

    assertThat(late.sessionId()).isEqualTo(current.sessionId());
    assertThat(late.attributes()).isEqualTo(GOOGLE);
    assertThat(next.attributes()).isEqualTo(GOOGLE);
  }

  @Test
  void keepsSitesApart() {
    var a = sessions.assign("s1", new long[] {1}, t0, GOOGLE, t0);
    var b = sessions.assign("s2", new long[] {1}, t0, NEWSLETTER, t0);
    assertThat(a.sessionId()).isNotEqualTo(b.sessionId());
    assertThat(b.attributes()).isEqualTo(NEWSLETTER);
  }

  @Test
  void continuesRestoredVisitsWithTheirAttributesAndForgetsIdleOnes() {
    sessions.restore(List.of(new EventStore.Visit("s", 1, 99, t0, t0.plusSeconds(60), GOOGLE)), t0);
    var continued = assign(new long[] {1}, t0.plusSeconds(120), NEWSLETTER);
    assertThat(continued.sessionId()).isEqualTo(99);
    assertThat(continued.attributes()).isEqualTo(GOOGLE);

    sessions.evict(t0.plus(Duration.ofMinutes(31)));
    assertThat(sessions.size()).isZero();
  }
}
