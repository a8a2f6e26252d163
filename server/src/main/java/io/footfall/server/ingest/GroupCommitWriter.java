package io.footfall.server.ingest;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.WriteBatch;
import io.footfall.core.people.PersonUpdate;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: request threads hand over their events and wait; one writer thread takes whatever
 * has queued up, deduplicates and sessionizes it (stamping each visit's attributes on its events),
 * writes it in one transaction, and only then completes every waiting request. Under load a commit
 * carries many requests, so the cost of the durable commit is shared; when idle a request is
 * committed alone, right away.
 *
 * <p>A commit has a fixed cost in the store (about 2.5 ms of CPU in DuckDB whatever its size), so
 * many small commits starve the request threads of the CPU they need to fill the next one. When the
 * previous commit carried more than one request (requests are arriving concurrently) and the group
 * holds fewer than {@value #LINGER_UNTIL_EVENTS} events, the writer lingers up to {@code linger}
 * for more, as a Kafka producer does: measured, this halves the commits and raises single-event
 * throughput by a quarter for a millisecond or two of latency.
 *
 * <p>A store whose every write has a large fixed cost says so with its {@linkplain
 * EventStore#writeShape() write shape} (ClickHouse: a new part of some 90 files per insert, tens of
 * milliseconds whatever the rows). For such a store the writer holds a group back while requests
 * are on their way to it, that is, received and not yet handed over ({@link #arrival}), until the
 * group reaches the shape's target, the oldest request in it has waited the shape's longest wait,
 * or nothing is on its way and nothing has arrived for a moment: a sixteenth of the last write's
 * duration, {@value #GATHER_QUIET_MILLIS} to {@value #GATHER_QUIET_MAX_MILLIS} ms (a request that
 * just misses a commit waits for all of the next one, so a little patience pays; measured on
 * ClickHouse with 16 clients of 100 events each, a fixed 2 ms gathered 1,300 to 1,440 of their
 * 1,600 events per commit, this 1,550 to 1,600). Clients that each wait for their answer before
 * sending again then end up in one commit rather than in two alternating ones, and a steady stream
 * of requests makes one insert per longest wait rather than one per commit's duration; a lone
 * request is still committed within {@value #GATHER_QUIET_MAX_MILLIS} ms.
 *
 * <p>Admission is bounded by events, not requests: when {@code capacity} events are waiting, new
 * requests are refused at once with 503 and {@code Retry-After} rather than queued into memory. A
 * failed commit fails every request in it (nothing was acknowledged, so clients retry and the
 * retries are deduplicated by event id).
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final Duration MAINTENANCE_EVERY = Duration.ofMinutes(1);
  static final int LINGER_UNTIL_EVENTS = 100;
  static final long GATHER_QUIET_MILLIS = 2;
  static final long GATHER_QUIET_MAX_MILLIS = 20;

  private final EventStore store;
  private final Sessionizer sessions;
  private final RecentIds recentIds;
  private final Clock clock;
  private final int capacity;
  private final int maxCommitEvents;
  private final long lingerNanos;
  private final EventStore.WriteShape shape;
  private final AtomicInteger arriving = new AtomicInteger();
  private final Duration dedupWindow;
  private final Consumer<Set<String>> committed;
  private final LinkedBlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Thread thread;
  private final Timer commitTimer;
  // Data quality: how long from an event's time until it can be queried, and how many come late.
  private final Timer freshness;
  private final io.micrometer.core.instrument.Counter late;

  /** An event committed this long after its own time counts as a late arrival. */
  static final java.time.Duration LATE = java.time.Duration.ofHours(1);

  private final DistributionSummary commitSize;
  private volatile boolean accepting = true;
  private volatile boolean healthy = true;
  private long lastWriteNanos; // writer thread only
  private Instant nextMaintenance;

  /** What one request hands over. */
  record Submission(List<EventPipeline.Keep> events, List<WriteBatch.CounterDelta> counters) {
    int weight() {
      return Math.max(1, events.size());
    }
  }

  /** What became of a request's events. */
  record Committed(int accepted, int duplicates) {}

  private record Pending(
      Submission submission, CompletableFuture<Committed> done, long queuedAtNanos) {}

  /**
   * A request on its way to the writer, from its arrival until it has handed over its events (or
   * found it has none): while any is, a store that {@linkplain EventStore.WriteShape#waits() waits}
   * for larger writes gets them. Closing it more than once counts once.
   */
  final class Arrival implements AutoCloseable {
    private boolean closed;

    private Arrival() {
      arriving.incrementAndGet();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        arriving.decrementAndGet();
      }
    }
  }

  GroupCommitWriter(
      EventStore store,
      Sessionizer sessions,
      RecentIds recentIds,
      Clock clock,
      int capacity,
      int maxCommitEvents,
      Duration linger,
      Duration dedupWindow,
      MeterRegistry meters,
      Consumer<Set<String>> committed) {
    this.store = store;
    this.sessions = sessions;
    this.recentIds = recentIds;
    this.clock = clock;
    this.capacity = capacity;
    this.maxCommitEvents = maxCommitEvents;
    this.lingerNanos = linger.toNanos();
    this.shape = store.writeShape();
    this.dedupWindow = dedupWindow;
    this.committed = committed;
    this.commitTimer =
        Timer.builder("footfall.ingest.commit")
            .description("Time to write and commit one group of events")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.freshness =
        Timer.builder("footfall.ingest.freshness")
            .description(
                "Time from an event's own (skew-corrected) time until it was committed and could"
                    + " be queried")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(meters);
    this.late =
        io.micrometer.core.instrument.Counter.builder("footfall.ingest.late")
            .description(
                "Events committed more than an hour after their own time (offline queues,"
                    + " backfills, clocks far off)")
            .register(meters);
    this.commitSize =
        DistributionSummary.builder("footfall.ingest.commit.events")
            .description("Events written by one group commit")
            .register(meters);
    meters.gauge("footfall.ingest.queue.events", queued);
    this.nextMaintenance = clock.instant().plus(MAINTENANCE_EVERY);
    this.thread = Thread.ofPlatform().name("footfall-writer").daemon(false).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /**
   * Marks a request as on its way: call it when the request arrives, and close it once the request
   * has {@linkplain #submit submitted} (right after, before waiting for the commit) or found it has
   * nothing to submit.
   */
  Arrival arrival() {
    return new Arrival();
  }

  /**
   * Queues the submission for the next commit.
   *
   * @throws IngestException with status 503 when the queue is full or the writer is stopping
   */
  CompletableFuture<Committed> submit(Submission submission) {
    if (!accepting) {
      throw IngestException.overloaded("the server is shutting down", Duration.ofSeconds(5));
    }
    int weight = submission.weight();
    int now = queued.addAndGet(weight);
    if (now > capacity) {
      queued.addAndGet(-weight);
      throw IngestException.overloaded(
          "ingest queue is full ("
              + (now - weight)
              + " of "
              + capacity
              + " events waiting for commit); retry later",
          Duration.ofSeconds(1));
    }
    CompletableFuture<Committed> done = new CompletableFuture<>();
    queue.add(new Pending(submission, done, System.nanoTime()));
    return done;
  }

  int queuedEvents() {
    return queued.get();
  }

  int capacity() {
    return capacity;
  }

  /** Whether the writer thread runs and its last commit succeeded. */
  boolean healthy() {
    return healthy && thread.isAlive();
  }

  private void run() {
    boolean concurrent = false;
    try {
      while (accepting || !queue.isEmpty()) {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        Instant now = clock.instant();
        if (!now.isBefore(nextMaintenance)) {
          sessions.evict(now);
          recentIds.expire(now);
          nextMaintenance = now.plus(MAINTENANCE_EVERY);
        }
        if (first == null) {
          idle();
          continue;
        }
        List<Pending> group = new ArrayList<>();
        group.add(first);
        int events = first.submission().events().size();
        Pending next;
        while ((next = queue.peek()) != null
            && events + next.submission().events().size() <= maxCommitEvents) {
          queue.poll();
          group.add(next);
          events += next.submission().events().size();
        }
        if (shape.waits()) {
          events += gather(group, events, first.queuedAtNanos() + shape.maxWait().toNanos());
        } else if (concurrent && lingerNanos > 0 && events < LINGER_UNTIL_EVENTS) {
          events += linger(group, events);
        }
        concurrent = group.size() > 1;
        commit(group);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Pending p;
      while ((p = queue.poll()) != null) {
        p.done().completeExceptionally(IngestException.unavailable("the writer stopped"));
      }
    }
  }

  /**
   * Adds what arrives within the linger time to the group, up to {@link #LINGER_UNTIL_EVENTS}
   * events (never beyond {@code maxCommitEvents}); returns the events added.
   */
  private int linger(List<Pending> group, int events) throws InterruptedException {
    long deadline = System.nanoTime() + lingerNanos;
    int added = 0;
    while (events + added < LINGER_UNTIL_EVENTS) {
      Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      int size = next.submission().events().size();
      if (events + added + size > maxCommitEvents) {
        queue.offerFirst(next); // only this thread takes, so it stays first
        break;
      }
      group.add(next);
      added += size;
    }
    return added;
  }

  /**
   * For a store that waits for larger writes: adds to the group what arrives while requests are on
   * their way, until the group holds the shape's target (never beyond {@code maxCommitEvents}),
   * nothing is on its way and nothing has arrived for the quiet time (see the class comment), or
   * {@code deadline} ({@link System#nanoTime}) has passed; returns the events added.
   */
  private int gather(List<Pending> group, int events, long deadline) throws InterruptedException {
    int target = Math.min(shape.targetEvents(), maxCommitEvents);
    long quiet =
        Math.clamp(
            lastWriteNanos / 16,
            TimeUnit.MILLISECONDS.toNanos(GATHER_QUIET_MILLIS),
            TimeUnit.MILLISECONDS.toNanos(GATHER_QUIET_MAX_MILLIS));
    int added = 0;
    while (events + added < target) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      Pending next = queue.poll(Math.min(left, quiet), TimeUnit.NANOSECONDS);
      if (next == null) {
        if (arriving.get() == 0) {
          break;
        }
        continue;
      }
      int size = next.submission().events().size();
      if (events + added + size > maxCommitEvents) {
        queue.offerFirst(next); // only this thread takes, so it stays first
        break;
      }
      group.add(next);
      added += size;
    }
    return added;
  }

  private void commit(List<Pending> group) {
    Instant now = clock.instant();
    int weight = 0;
    for (Pending p : group) {
      weight += p.submission().weight();
    }
    try {
      List<Event> toWrite = new ArrayList<>();
      // Tallies by position in the group: Pending is a record whose hashCode would walk every
      // event it carries (measured: most of the writer's time in batch runs).
      int[][] tallies = new int[group.size()][2];
      Set<String> duplicates = duplicates(group, now);
      List<Event> fresh = new ArrayList<>();
      List<long[]> candidates = new ArrayList<>();
      List<PersonUpdate> people = new ArrayList<>();
      List<Event> identified = new ArrayList<>();
      Set<String> inGroup = new HashSet<>();
      for (int g = 0; g < group.size(); g++) {
        int[] tally = tallies[g];
        for (EventPipeline.Keep k : group.get(g).submission().events()) {
          String id = k.event().siteId() + "\n" + k.event().eventId();
          if (duplicates.contains(id) || !inGroup.add(id)) {
            tally[1]++;
          } else {
            tally[0]++;
            k.person().ifPresent(people::add);
            if (k.storeEvent()) {
              fresh.add(k.event());
              candidates.add(k.visitorCandidates());
            } else {
              identified.add(k.event());
            }
          }
        }
      }
      Integer[] order = new Integer[fresh.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, Comparator.comparing(i -> fresh.get(i).timestamp()));
      for (Integer i : order) {
        Event e = fresh.get(i);
        Sessionizer.Assignment a =
            sessions.assign(e.siteId(), candidates.get(i), e.timestamp(), e.visitAttributes(), now);
        toWrite.add(e.withSession(a.visitorId(), a.sessionId()).withVisit(a.attributes()));
      }
      WriteBatch batch = new WriteBatch(toWrite, counters(group), people);
      Timer.Sample sample = Timer.start();
      store.write(batch);
      lastWriteNanos = sample.stop(commitTimer);
      commitSize.record(toWrite.size());
      Instant queryable = clock.instant();
      for (Event e : toWrite) {
        java.time.Duration lag = java.time.Duration.between(e.timestamp(), queryable);
        if (!lag.isNegative()) {
          freshness.record(lag);
        }
        if (lag.compareTo(LATE) > 0) {
          late.increment();
        }
      }
      Set<String> sites = new HashSet<>();
      for (Event e : toWrite) {
        recentIds.add(RecentIds.key(e.siteId(), e.eventId()), e.receivedAt());
        sites.add(e.siteId());
      }
      // An identify call stores no event, so the store cannot confirm its id: a retry writes its
      // person update again, which changes nothing (the same changes at the same place in the
      // order, and a visitor's first link stays first).
      for (Event e : identified) {
        recentIds.add(RecentIds.key(e.siteId(), e.eventId()), e.receivedAt());
        sites.add(e.siteId());
      }
      if (!sites.isEmpty()) {
        committed.accept(sites);
      }
      healthy = true;
      // Free the queue's room before waking the requests, so that what they see is settled.
      queued.addAndGet(-weight);
      for (int g = 0; g < group.size(); g++) {
        group.get(g).done().complete(new Committed(tallies[g][0], tallies[g][1]));
      }
    } catch (RuntimeException e) {
      healthy = false;
      queued.addAndGet(-weight);
      log.error(
          "group commit of {} requests ({} events) failed; they were not acknowledged",
          group.size(),
          weight,
          e);
      for (Pending p : group) {
        p.done()
            .completeExceptionally(
                // The cause (a path, the engine's words) is in the log line above, for the
                // operator; the client learns only that it should retry.
                IngestException.unavailable(
                    "the events could not be stored; nothing of this request was kept, retry"
                        + " later"));
      }
    }
  }

  private void idle() {
    try {
      store.idle();
    } catch (RuntimeException e) {
      log.warn("the store's idle-time maintenance failed; it will be retried", e);
    }
  }

  /** "site\nid" of every event in the group that the store already holds. */
  private Set<String> duplicates(List<Pending> group, Instant now) {
    Map<String, List<String>> maybe = new HashMap<>();
    for (Pending p : group) {
      for (EventPipeline.Keep k : p.submission().events()) {
        Event e = k.event();
        if (recentIds.mightContain(RecentIds.key(e.siteId(), e.eventId()))) {
          maybe.computeIfAbsent(e.siteId(), s -> new ArrayList<>()).add(e.eventId());
        }
      }
    }
    if (maybe.isEmpty()) {
      return Set.of();
    }
    Set<String> found = new HashSet<>();
    Instant since = now.minus(dedupWindow);
    maybe.forEach(
        (site, ids) -> {
          for (String id : store.existingIds(site, ids, since)) {
            found.add(site + "\n" + id);
          }
        });
    return found;
  }

  private static List<WriteBatch.CounterDelta> counters(List<Pending> group) {
    Map<String, long[]> sums = new HashMap<>();
    Map<String, WriteBatch.CounterDelta> firsts = new HashMap<>();
    for (Pending p : group) {
      for (WriteBatch.CounterDelta d : p.submission().counters()) {
        String k = d.siteId() + "|" + d.day();
        long[] s = sums.computeIfAbsent(k, x -> new long[3]);
        s[0] += d.bots();
        s[1] += d.rejected();
        s[2] += d.optedOut();
        firsts.putIfAbsent(k, d);
      }
    }
    List<WriteBatch.CounterDelta> out = new ArrayList<>();
    sums.forEach(
        (k, s) -> {
          WriteBatch.CounterDelta f = firsts.get(k);
          out.add(new WriteBatch.CounterDelta(f.siteId(), f.day(), s[0], s[1], s[2]));
        });
    return out;
  }

  static LocalDate utcDay(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  /** Stops accepting, commits everything queued, and waits for the writer to finish. */
  @Override
  public void close() {
    accepting = false;
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
