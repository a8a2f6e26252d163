package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.StoreException;
import io.footfall.core.TestEvents;
import io.footfall.core.WriteBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitWriterTest {
  /** A store whose writes wait for the test to open a gate, and can be told to fail. */
  static final class GatedStore implements EventStore {
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch writing = new CountDownLatch(1);
    final List<WriteBatch> written = new CopyOnWriteArrayList<>();
    volatile boolean fail;
    volatile WriteShape shape = WriteShape.ANY;

    @Override
    public WriteShape writeShape() {
      return shape;
    }

    @Override
    public void write(WriteBatch batch) {
      writing.countDown();
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (fail) {
        throw new StoreException("disk full");
      }
      written.add(batch);
    }

    @Override
    public Set<String> existingIds(String siteId, Collection<String> ids, Instant since) {
      Set<String> found = new java.util.HashSet<>();
      for (WriteBatch b : written) {
        for (Event e : b.events()) {
          if (e.siteId().equals(siteId) && ids.contains(e.eventId())) {
            found.add(e.eventId());
          }
        }
      }
      return found;
    }

    @Override
    public void forEachRecentId(Instant since, BiConsumer<String, String> sink) {}

    @Override
    public List<Visit> recentVisits(Instant since) {
      return List.of();
    }

    @Override
    public SiteCounts counts(String siteId) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public List<Event> events(String siteId) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public long deleteSite(String siteId) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public long expireRaw(io.footfall.core.Site site, Instant before) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public List<DailyVolume> dailyVolumes(
        String siteId, java.time.LocalDate from, java.time.LocalDate to) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public List<io.footfall.core.SeenEvent> seenEvents(String siteId) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public java.util.Optional<Instant> rawHorizon(String siteId) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.people.DataSubject.Data subjectData(
        io.footfall.core.people.DataSubject subject) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.people.DataSubject.Erased eraseSubject(
        io.footfall.core.people.DataSubject subject) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.people.People people() {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.people.Retention.Result retention(
        io.footfall.core.people.Retention.Query query) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.people.ActiveUsers activeUsers() {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.people.Paths paths() {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.people.Funnels funnels() {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public java.util.Optional<Instant> firstEventTime(String siteId) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public List<PropertyKey> propertyKeys(String siteId, Instant from, Instant to, int limit) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.query.Report report(io.footfall.core.query.ReportQuery query) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public io.footfall.core.query.Report report(
        io.footfall.core.query.ReportQuery query,
        java.util.Optional<io.footfall.core.people.Segment> segment) {
      throw new UnsupportedOperationException("not used by the writer");
    }

    @Override
    public void close() {}
  }

  final GatedStore store = new GatedStore();
  GroupCommitWriter writer;

  GroupCommitWriter start(int capacity) {
    return start(capacity, Duration.ZERO);
  }

  GroupCommitWriter start(int capacity, Duration linger) {
    writer =
        new GroupCommitWriter(
            store,
            new Sessionizer(Duration.ofMinutes(30)),
            new RecentIds(Duration.ofDays(8), Duration.ofHours(6)),
            Clock.systemUTC(),
            capacity,
            10_000,
            linger,
            Duration.ofDays(8),
            new SimpleMeterRegistry(),
            sites -> {});
    writer.start();
    return writer;
  }

  @AfterEach
  void stop() {
    store.gate.countDown();
    writer.close();
  }

  static GroupCommitWriter.Submission submission(int events) {
    List<EventPipeline.Keep> keep = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      Event e = TestEvents.pageview("s1", Instant.now(), 1, 0);
      keep.add(new EventPipeline.Keep(e, new long[] {1}));
    }
    return new GroupCommitWriter.Submission(keep, List.of());
  }

  @Test
  void refusesWith503AndRetryAfterWhenTheQueueIsFull() throws Exception {
    start(100);
    CompletableFuture<GroupCommitWriter.Committed> first = writer.submit(submission(60));
    assertThat(store.writing.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<GroupCommitWriter.Committed> second = writer.submit(submission(30));

    assertThatThrownBy(() -> writer.submit(submission(20)))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.headers()).containsKey("Retry-After");
              assertThat(e.getMessage()).contains("90 of 100 events waiting");
            });
    assertThat(first).isNotDone();

    store.gate.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(60);
    assertThat(second.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(30);
    assertThat(writer.queuedEvents()).isZero();
    assertThat(writer.submit(submission(20)).get(5, TimeUnit.SECONDS).accepted()).isEqualTo(20);
  }

  @Test
  void groupsWaitingRequestsIntoOneCommit() throws Exception {
    start(10_000);
    CompletableFuture<GroupCommitWriter.Committed> first = writer.submit(submission(1));
    assertThat(store.writing.await(5, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<GroupCommitWriter.Committed>> waiting = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      waiting.add(writer.submit(submission(2)));
    }
    store.gate.countDown();
    for (CompletableFuture<GroupCommitWriter.Committed> f : waiting) {
      assertThat(f.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(2);
    }
    first.get(5, TimeUnit.SECONDS);

    assertThat(store.written).hasSize(2);
    assertThat(store.written.get(1).events()).hasSize(100);
  }

  @Test
  void lingersForMoreWhileRequestsArriveConcurrently() throws Exception {
    start(10_000, Duration.ofSeconds(2));
    // Alone: committed at once, no lingering (an idle server answers right away).
    CompletableFuture<GroupCommitWriter.Committed> first = writer.submit(submission(1));
    assertThat(store.writing.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<GroupCommitWriter.Committed> a = writer.submit(submission(1));
    CompletableFuture<GroupCommitWriter.Committed> b = writer.submit(submission(1));
    store.gate.countDown();
    first.get(5, TimeUnit.SECONDS);
    a.get(5, TimeUnit.SECONDS);
    b.get(5, TimeUnit.SECONDS);
    assertThat(store.written).hasSize(2);

    // The last commit carried two requests: a lone request now waits for company.
    CompletableFuture<GroupCommitWriter.Committed> c = writer.submit(submission(1));
    Thread.sleep(100);
    assertThat(c).isNotDone();
    CompletableFuture<GroupCommitWriter.Committed> d =
        writer.submit(submission(GroupCommitWriter.LINGER_UNTIL_EVENTS));
    c.get(5, TimeUnit.SECONDS);
    d.get(5, TimeUnit.SECONDS);
    assertThat(store.written).hasSize(3);
    assertThat(store.written.get(2).events()).hasSize(GroupCommitWriter.LINGER_UNTIL_EVENTS + 1);
  }

  @Test
  void theEmbeddedStoresWritesAreNotHeldBackForRequestsOnTheirWay() throws Exception {
    start(10_000); // the store's shape is WriteShape.ANY, as the embedded store's
    store.gate.countDown();

    GroupCommitWriter.Arrival onItsWay = writer.arrival();

    assertThat(writer.submit(submission(3)).get(10, TimeUnit.SECONDS).accepted()).isEqualTo(3);
    assertThat(store.written).hasSize(1);
    onItsWay.close();
  }

  @Test
  void aStoreThatWaitsGetsTheRequestsOnTheirWayInOneWrite() throws Exception {
    store.shape = new EventStore.WriteShape(1_000, Duration.ofSeconds(30));
    start(10_000);
    store.gate.countDown();
    GroupCommitWriter.Arrival a = writer.arrival();
    GroupCommitWriter.Arrival b = writer.arrival();

    CompletableFuture<GroupCommitWriter.Committed> first = writer.submit(submission(1));
    a.close();
    Thread.sleep(300);
    assertThat(first).as("held back while another request is on its way").isNotDone();
    assertThat(store.written).isEmpty();

    long t0 = System.nanoTime();
    CompletableFuture<GroupCommitWriter.Committed> second = writer.submit(submission(2));
    b.close();
    assertThat(first.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(1);
    assertThat(second.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .as("committed once nothing more was on its way, not after the longest wait")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(store.written).hasSize(1);
    assertThat(store.written.get(0).events()).hasSize(3);
  }

  @Test
  void aStoreThatWaitsStillGetsALoneRequestAtOnce() throws Exception {
    store.shape = new EventStore.WriteShape(1_000, Duration.ofSeconds(30));
    start(10_000);
    store.gate.countDown();
    long t0 = System.nanoTime();

    GroupCommitWriter.Arrival arrival = writer.arrival();
    CompletableFuture<GroupCommitWriter.Committed> lone = writer.submit(submission(1));
    arrival.close();
    arrival.close(); // a second close counts once: nothing stays on its way

    assertThat(lone.get(10, TimeUnit.SECONDS).accepted()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(writer.submit(submission(1)).get(10, TimeUnit.SECONDS).accepted()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(store.written).hasSize(2);
  }

  @Test
  void aStoreThatWaitsIsWrittenAfterItsLongestWaitEvenIfMoreIsOnItsWay() throws Exception {
    store.shape = new EventStore.WriteShape(1_000, Duration.ofMillis(500));
    start(10_000);
    store.gate.countDown();
    GroupCommitWriter.Arrival stuck = writer.arrival();
    long t0 = System.nanoTime();

    CompletableFuture<GroupCommitWriter.Committed> f = writer.submit(submission(4));

    assertThat(f.get(10, TimeUnit.SECONDS).accepted()).isEqualTo(4);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(500))
        .isLessThan(Duration.ofSeconds(10));
    stuck.close();
  }

  @Test
  void aStoreThatWaitsIsWrittenOnceTheGroupReachesItsTarget() throws Exception {
    store.shape = new EventStore.WriteShape(10, Duration.ofSeconds(30));
    start(10_000);
    store.gate.countDown();
    GroupCommitWriter.Arrival more = writer.arrival();
    long t0 = System.nanoTime();

    CompletableFuture<GroupCommitWriter.Committed> a = writer.submit(submission(4));
    CompletableFuture<GroupCommitWriter.Committed> b = writer.submit(submission(6));

    assertThat(a.get(10, TimeUnit.SECONDS).accepted()).isEqualTo(4);
    assertThat(b.get(10, TimeUnit.SECONDS).accepted()).isEqualTo(6);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(store.written).hasSize(1);
    assertThat(store.written.get(0).events()).hasSize(10);
    more.close();
  }

  @Test
  void storesTheAttributesOfTheVisitsEarliestEventOnEveryEventOfTheCommit() throws Exception {
    start(1_000);
    store.gate.countDown();
    Instant t = Instant.now();
    Event.VisitAttributes google = TestEvents.visitAttributes("Google", "search", "1920x1080");
    Event.VisitAttributes internal = TestEvents.visitAttributes("", "direct", "390x844");
    Event later = TestEvents.pageview("s1", t.plusSeconds(60), 1, 0).withVisit(internal);
    Event earlier = TestEvents.pageview("s1", t, 1, 0).withVisit(google);

    writer
        .submit(
            new GroupCommitWriter.Submission(
                List.of(
                    new EventPipeline.Keep(later, new long[] {1}),
                    new EventPipeline.Keep(earlier, new long[] {1})),
                List.of()))
        .get(5, TimeUnit.SECONDS);

    List<Event> written = store.written.get(0).events();
    assertThat(written)
        .extracting(Event::eventId)
        .containsExactly(earlier.eventId(), later.eventId());
    assertThat(written).extracting(Event::visitAttributes).containsOnly(google);
    assertThat(written.get(0).sessionId()).isNotZero().isEqualTo(written.get(1).sessionId());
  }

  @Test
  void aFailedCommitAcknowledgesNothing() {
    start(1_000);
    store.fail = true;
    store.gate.countDown();

    CompletableFuture<GroupCommitWriter.Committed> f = writer.submit(submission(5));

    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(writer.healthy()).isFalse();
    store.fail = false;
    assertThat(writer.submit(submission(1)).join().accepted()).isEqualTo(1);
    assertThat(writer.healthy()).isTrue();
  }

  @Test
  void commitsWhatIsQueuedBeforeStopping() throws Exception {
    start(1_000);
    CompletableFuture<GroupCommitWriter.Committed> first = writer.submit(submission(1));
    assertThat(store.writing.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<GroupCommitWriter.Committed> queued = writer.submit(submission(3));

    Thread closer = Thread.ofVirtual().start(writer::close);
    store.gate.countDown();
    closer.join(Duration.ofSeconds(10));

    assertThat(first.get(1, TimeUnit.SECONDS).accepted()).isEqualTo(1);
    assertThat(queued.get(1, TimeUnit.SECONDS).accepted()).isEqualTo(3);
    assertThatThrownBy(() -> writer.submit(submission(1))).isInstanceOf(IngestException.class);
  }
}
