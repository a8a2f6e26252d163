package io.footfall.core;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Where events live. Every backend (the embedded DuckDB store, ClickHouse) implements this contract
 * and passes the same contract test suite.
 *
 * <p>Writes come from a single writer thread; reads may come from any thread.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Stores the batch atomically and durably: when this method returns, every event and counter in
   * the batch survives a crash of the process; when it throws, none of them was stored.
   *
   * @throws StoreException if the batch could not be committed
   */
  void write(WriteBatch batch);

  /**
   * Returns those of the given event ids that are already stored for the site among events received
   * at or after {@code receivedSince}.
   */
  Set<String> existingIds(String siteId, Collection<String> eventIds, Instant receivedSince);

  /** Calls {@code sink} with (site id, event id) for every event received at or after the time. */
  void forEachRecentId(Instant receivedSince, BiConsumer<String, String> sink);

  /**
   * The latest visit of every visitor with an event at or after {@code lastSeenSince}: for each
   * (site, visitor), the visit holding the visitor's latest event, described by its events at or
   * after that time.
   */
  List<Visit> recentVisits(Instant lastSeenSince);

  /**
   * Answers a report query over the site's events, exactly as docs/metrics.md defines it (the
   * contract suite checks every backend against an independent computation).
   *
   * @throws io.footfall.core.query.QueryFailedException if the store refuses the query (e.g. a
   *     regular expression its engine cannot compile)
   */
  io.footfall.core.query.Report report(io.footfall.core.query.ReportQuery query);

  /**
   * {@link #report} over the events of the segment's members only (docs/metrics.md, "Cohorts"): the
   * site's other events, those of cookieless and unlinked visitors among them, are left out before
   * anything is counted. Never answered from precomputed data.
   *
   * @throws io.footfall.core.query.QueryFailedException if the store refuses the query
   */
  io.footfall.core.query.Report report(
      io.footfall.core.query.ReportQuery query,
      java.util.Optional<io.footfall.core.people.Segment> segment);

  /**
   * The keys of the custom properties on the site's events in {@code [from, to)}, those on the most
   * events first (then by key), with how many events carry each; at most {@code limit} of them.
   * Only keys a query may name ({@link io.footfall.core.query.Dimension#PROPERTY_KEY}) count.
   */
  List<PropertyKey> propertyKeys(String siteId, Instant from, Instant to, int limit);

  /** A custom property's key and the number of events that carry it. */
  record PropertyKey(String key, long events) {
    public PropertyKey {
      Objects.requireNonNull(key, "key");
    }
  }

  /** The timestamp of the site's earliest stored event; empty when it has none. */
  java.util.Optional<Instant> firstEventTime(String siteId);

  /** Totals for one site, for installation checks. */
  SiteCounts counts(String siteId);

  /** Every stored event of the site, oldest first. For exports and tests; not for reports. */
  List<Event> events(String siteId);

  /**
   * Deletes everything the store holds of the site: its events, its people (properties and links),
   * its counters of filtered and rejected events, and whatever the backend derived from them
   * (rollups, marks for rebuilding them). Other sites' data is untouched. Deleting a site that has
   * nothing stored is not an error. Events of the site written after this call are stored again, so
   * callers first make sure none can arrive (the site's write key no longer resolves).
   *
   * @return how many events were deleted
   * @throws StoreException if the deletion could not be committed; then nothing was deleted
   */
  long deleteSite(String siteId);

  /**
   * Deletes the site's raw events with a time before {@code before} (the site's raw retention has
   * passed them), with everything else the store keeps per event of those times; keeps what it
   * precomputed from them (the embedded store's daily rollups, which hold no identifiers) and
   * brings that up to date first, so that reports of whole days it can answer give the same numbers
   * afterwards. Remembers {@code before} as the site's raw horizon ({@link #rawHorizon}), which
   * only moves forward. Reports that need raw events from before the horizon throw {@link
   * io.footfall.core.query.PastRetentionException}. Deleted bytes leave the store's files as the
   * backend allows (docs/operations.md, "Raw retention").
   *
   * @param site the site, for the time zone and currency its precomputed data is built in
   * @param before the horizon; callers pass a local midnight of the site's zone
   * @return how many events were deleted
   * @throws StoreException if the deletion failed; then the horizon did not move
   */
  long expireRaw(Site site, Instant before);

  /**
   * The site's raw horizon: raw events before it were deleted by {@link #expireRaw}. Empty when
   * none were.
   */
  java.util.Optional<Instant> rawHorizon(String siteId);

  /**
   * The event names of the site's stored raw events, with first and last time seen and count, most
   * events first; at most {@value #MAX_SEEN_EVENTS} names.
   */
  List<SeenEvent> seenEvents(String siteId);

  /** The most names {@link #seenEvents} answers. */
  int MAX_SEEN_EVENTS = 1000;

  /**
   * One event name's stored events of one UTC day (by the event's own time).
   *
   * @param day the UTC day
   */
  record DailyVolume(java.time.LocalDate day, String name, long events) {}

  /**
   * The site's stored raw events per UTC day and event name, for the days {@code from} to {@code
   * to} inclusive, by day then name; at most {@value #MAX_SEEN_EVENTS} names a day.
   */
  List<DailyVolume> dailyVolumes(String siteId, java.time.LocalDate from, java.time.LocalDate to);

  /**
   * Deletes what the store precomputed from the site's events (the embedded store's daily rollups)
   * for the local days before {@code before}, a local midnight no later than the raw horizon, and
   * remembers it: every report reaching before it throws {@link
   * io.footfall.core.query.PastRetentionException} from then on. A store that precomputes nothing
   * does nothing (the default).
   *
   * @return how many rows were deleted
   */
  default long expireAggregates(Site site, Instant before) {
    return 0;
  }

  /**
   * Everything stored of a data subject (GDPR Art. 15 and 20): their events, those of their
   * visitors linked to them included, oldest first; their property changes and identity links.
   */
  io.footfall.core.people.DataSubject.Data subjectData(io.footfall.core.people.DataSubject subject);

  /**
   * Erases a data subject (GDPR Art. 17): their events (those of visitors linked to them included),
   * their property changes and their identity links, in one commit. Precomputed data of the days
   * they were active is brought up to date from the remaining events when the backend next
   * refreshes it; days past raw retention keep their counts. The deleted bytes leave the files as
   * {@link #compact} makes them. Statements name the subject by hashes only, so that no id lands in
   * a server's query log.
   */
  io.footfall.core.people.DataSubject.Erased eraseSubject(
      io.footfall.core.people.DataSubject subject);

  /**
   * Makes deleted rows' bytes leave the store's files now, if the backend can (the embedded store
   * copies its database into a fresh file); blocks other work on the store meanwhile. Returns
   * whether it did anything. The default does nothing.
   */
  default boolean compact() {
    return false;
  }

  /** The people of the sites: profiles, lists and timelines (writes go in {@link #write}). */
  io.footfall.core.people.People people();

  /** Active users of the sites: daily, weekly and monthly actives and their lifecycle. */
  io.footfall.core.people.ActiveUsers activeUsers();

  /**
   * Retention of the site's people, exactly as docs/metrics.md ("Retention") defines it (the
   * retention contract checks every backend against an independent computation).
   */
  io.footfall.core.people.Retention.Result retention(io.footfall.core.people.Retention.Query query);

  /** The paths reports over the sites' visits (docs/metrics.md, "Paths"). */
  io.footfall.core.people.Paths paths();

  /** Funnels over the sites' events, as docs/metrics.md ("Funnels") defines them. */
  io.footfall.core.people.Funnels funnels();

  /**
   * Called by the writer thread when no events are waiting, at most every 100 ms. A backend may do
   * deferred work here that would otherwise stall a write (the embedded store folds its write-ahead
   * log into the database file). Must return quickly when there is nothing to do.
   */
  default void idle() {}

  /**
   * How the store would have the server's writer size its writes. The default, {@link
   * WriteShape#ANY}, suits a store whose write costs little beyond its rows (the embedded store):
   * the writer commits whatever has queued up, right away. A store whose every write has a large
   * fixed cost (ClickHouse makes a new part, a directory of some 90 files, per insert) asks for
   * fewer, larger writes: the writer then holds a group back while more requests are on their way
   * to it, within the shape's limits. Either way {@link #write} is called only from the writer
   * thread, one call at a time, and a request is answered only after the write that holds it.
   */
  default WriteShape writeShape() {
    return WriteShape.ANY;
  }

  /**
   * A store's preferred size of its writes.
   *
   * @param targetEvents the writer stops holding a group back once it has this many events (the
   *     server's own limit on a commit still applies)
   * @param maxWait the longest the writer holds a group back, counted from the moment its oldest
   *     request was queued; zero: never
   */
  record WriteShape(int targetEvents, java.time.Duration maxWait) {
    /** Write whatever has queued up, at once. */
    public static final WriteShape ANY = new WriteShape(1, java.time.Duration.ZERO);

    public WriteShape {
      Objects.requireNonNull(maxWait, "maxWait");
      if (targetEvents < 1 || maxWait.isNegative()) {
        throw new IllegalArgumentException(
            "a write shape needs targetEvents >= 1 and a maxWait of zero or more, not "
                + targetEvents
                + " and "
                + maxWait);
      }
    }

    /** Whether the writer ever holds a group back for this store. */
    public boolean waits() {
      return targetEvents > 1 && !maxWait.isZero();
    }
  }

  /**
   * The JDBC database an embedded store keeps its events in, which the metadata may share, so that
   * one file holds the whole installation (one backup, one lock). Each call of the supplier hands
   * out a connection in auto-commit mode that the caller closes; it throws {@link StoreException}
   * when the store is closed. Empty (the default) for a store on a server of its own, such as
   * ClickHouse: the metadata then lives elsewhere.
   */
  default java.util.Optional<java.util.function.Supplier<java.sql.Connection>> sharedDatabase() {
    return java.util.Optional.empty();
  }

  /**
   * Brings what the store precomputes from events (the embedded store's daily rollups) up to date
   * with new events and with the given sites' time zones and currencies. The server calls it
   * periodically on its job thread, one call at a time, while ingest goes on. A store that
   * precomputes nothing, or does it by itself, does nothing (the default).
   *
   * @throws StoreException if the work failed; the next call tries again
   */
  default void refreshPrecomputed(List<Site> sites) {}

  /**
   * Whether reports may read precomputed data when it is fresh (the default) or must always read
   * the raw events; the server turns it off when it never calls {@link #refreshPrecomputed}.
   */
  default void usePrecomputed(boolean use) {}

  @Override
  void close();

  /**
   * A visit as the sessionizer needs it to continue after a restart.
   *
   * @param siteId the site
   * @param visitorId the visitor
   * @param sessionId the visit
   * @param firstSeen the earliest time of the visit's events read (those at or after {@code
   *     lastSeenSince})
   * @param lastSeen the latest event time in the visit
   * @param attributes the visit attributes of the earliest of those events; on a tie in time, of
   *     the one received first, then of the smallest event id. The collector stamps the same
   *     attributes on every event of a visit, so any event of it would do; the order only makes the
   *     answer deterministic for events stored otherwise.
   */
  record Visit(
      String siteId,
      long visitorId,
      long sessionId,
      Instant firstSeen,
      Instant lastSeen,
      Event.VisitAttributes attributes) {
    public Visit {
      Objects.requireNonNull(siteId, "siteId");
      Objects.requireNonNull(firstSeen, "firstSeen");
      Objects.requireNonNull(lastSeen, "lastSeen");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /**
   * Totals of what a site has sent.
   *
   * @param events stored events
   * @param visitors distinct visitors among stored events
   * @param sessions distinct visits among stored events
   * @param botsFiltered events recognised as bots and not stored
   * @param rejected events refused by validation
   * @param optedOut events dropped because the visitor asked not to be tracked (DNT/GPC)
   */
  record SiteCounts(
      long events, long visitors, long sessions, long botsFiltered, long rejected, long optedOut) {}
}
