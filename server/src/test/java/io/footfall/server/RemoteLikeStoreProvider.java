package io.footfall.server;

import io.footfall.core.Event;
import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import io.footfall.core.WriteBatch;
import io.footfall.core.query.Report;
import io.footfall.core.query.ReportQuery;
import io.footfall.server.stores.Stores;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A test store named {@value #NAME} that behaves like a store on a server of its own (ClickHouse):
 * the embedded store in {@code remote/} under the data directory, without a database to share, so
 * the server must keep the metadata elsewhere.
 */
public final class RemoteLikeStoreProvider implements EventStoreProvider {
  static final String NAME = "remote-like";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EventStore open(Context context) {
    EventStore inner =
        Stores.provider("duckdb")
            .open(
                new Context(
                    context.dataDir().resolve("remote"), context.settings(), context.clock()));
    return new Unshared(inner);
  }

  /** Everything of the embedded store but its database. */
  private record Unshared(EventStore inner) implements EventStore {
    @Override
    public void write(WriteBatch batch) {
      inner.write(batch);
    }

    @Override
    public Set<String> existingIds(String siteId, Collection<String> eventIds, Instant since) {
      return inner.existingIds(siteId, eventIds, since);
    }

    @Override
    public void forEachRecentId(Instant since, BiConsumer<String, String> sink) {
      inner.forEachRecentId(since, sink);
    }

    @Override
    public List<Visit> recentVisits(Instant since) {
      return inner.recentVisits(since);
    }

    @Override
    public Report report(ReportQuery query) {
      return inner.report(query);
    }

    @Override
    public Report report(
        ReportQuery query, java.util.Optional<io.footfall.core.people.Segment> segment) {
      return inner.report(query, segment);
    }

    @Override
    public List<PropertyKey> propertyKeys(String siteId, Instant from, Instant to, int limit) {
      return inner.propertyKeys(siteId, from, to, limit);
    }

    @Override
    public Optional<Instant> firstEventTime(String siteId) {
      return inner.firstEventTime(siteId);
    }

    @Override
    public SiteCounts counts(String siteId) {
      return inner.counts(siteId);
    }

    @Override
    public List<Event> events(String siteId) {
      return inner.events(siteId);
    }

    @Override
    public long deleteSite(String siteId) {
      return inner.deleteSite(siteId);
    }

    @Override
    public long expireRaw(io.footfall.core.Site site, java.time.Instant before) {
      return inner.expireRaw(site, before);
    }

    @Override
    public List<DailyVolume> dailyVolumes(
        String siteId, java.time.LocalDate from, java.time.LocalDate to) {
      return inner.dailyVolumes(siteId, from, to);
    }

    @Override
    public List<io.footfall.core.SeenEvent> seenEvents(String siteId) {
      return inner.seenEvents(siteId);
    }

    @Override
    public java.util.Optional<java.time.Instant> rawHorizon(String siteId) {
      return inner.rawHorizon(siteId);
    }

    @Override
    public io.footfall.core.people.DataSubject.Data subjectData(
        io.footfall.core.people.DataSubject subject) {
      return inner.subjectData(subject);
    }

    @Override
    public io.footfall.core.people.DataSubject.Erased eraseSubject(
        io.footfall.core.people.DataSubject subject) {
      return inner.eraseSubject(subject);
    }

    @Override
    public boolean compact() {
      return inner.compact();
    }

    @Override
    public long expireAggregates(io.footfall.core.Site site, java.time.Instant before) {
      return inner.expireAggregates(site, before);
    }

    @Override
    public io.footfall.core.people.People people() {
      return inner.people();
    }

    @Override
    public io.footfall.core.people.Retention.Result retention(
        io.footfall.core.people.Retention.Query query) {
      return inner.retention(query);
    }

    @Override
    public io.footfall.core.people.ActiveUsers activeUsers() {
      return inner.activeUsers();
    }

    @Override
    public io.footfall.core.people.Paths paths() {
      return inner.paths();
    }

    @Override
    public io.footfall.core.people.Funnels funnels() {
      return inner.funnels();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
