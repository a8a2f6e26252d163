package io.footfall.server.ingest;

import io.footfall.core.EventStore;
import io.footfall.core.Site;
import io.footfall.core.WriteBatch;
import io.footfall.server.enrich.GeoIp;
import io.footfall.server.enrich.Referrers;
import io.footfall.server.enrich.UserAgents;
import io.footfall.server.privacy.VisitorHasher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collect path's entry point: decode, validate, privacy and enrichment, then group commit.
 * {@link #ingest} returns only once the accepted events are durable.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final Function<String, Optional<Site>> sitesByWriteKey;
  private final IngestFormat json;
  private final IngestFormat pixel;
  private final IngestFormat identify;
  private final EventPipeline pipeline;
  private final GroupCommitWriter writer;
  private final Clock clock;
  private final Counter accepted;
  private final Counter duplicates;
  private final Counter rejected;
  private final Counter bots;
  private final Counter optedOut;
  private final EventJudge judge;

  private IngestService(
      Function<String, Optional<Site>> sitesByWriteKey,
      IngestLimits limits,
      EventPipeline pipeline,
      GroupCommitWriter writer,
      Clock clock,
      MeterRegistry meters,
      EventJudge judge) {
    this.sitesByWriteKey = sitesByWriteKey;
    this.judge = judge;
    this.json = new RequestDecoder(limits);
    this.pixel = new PixelFormat(limits);
    this.identify = new IdentifyFormat(limits);
    this.pipeline = pipeline;
    this.writer = writer;
    this.clock = clock;
    this.accepted = outcome(meters, "accepted");
    this.duplicates = outcome(meters, "duplicate");
    this.rejected = outcome(meters, "rejected");
    this.bots = outcome(meters, "bot");
    this.optedOut = outcome(meters, "opted_out");
  }

  private static Counter outcome(MeterRegistry meters, String outcome) {
    return Counter.builder("footfall.ingest.events")
        .description("Events received, by what became of them")
        .tag("outcome", outcome)
        .register(meters);
  }

  /**
   * Builds the collect path and starts its writer, after restoring the ids and visits that the
   * store already holds (so idempotency and visits carry across restarts).
   */
  public static IngestService start(
      IngestSettings config,
      EventStore store,
      Function<String, Optional<Site>> sitesByWriteKey,
      VisitorHasher hasher,
      UserAgents userAgents,
      Referrers referrers,
      GeoIp geoIp,
      Clock clock,
      MeterRegistry meters,
      Consumer<Set<String>> committed,
      EventJudge judge) {
    Instant now = clock.instant();
    RecentIds ids = new RecentIds(config.dedupWindow(), Duration.ofHours(6));
    store.forEachRecentId(
        now.minus(config.dedupWindow()), (site, id) -> ids.add(RecentIds.key(site, id), now));
    Sessionizer sessions = new Sessionizer(config.sessionTimeout());
    sessions.restore(store.recentVisits(now.minus(config.sessionTimeout())), now);
    log.info(
        "collect path ready: {} recent event ids and {} open visits restored",
        ids.size(),
        sessions.size());
    GroupCommitWriter writer =
        new GroupCommitWriter(
            store,
            sessions,
            ids,
            clock,
            config.queueCapacity(),
            config.maxCommitEvents(),
            config.commitLinger(),
            config.dedupWindow(),
            meters,
            committed);
    writer.start();
    return new IngestService(
        sitesByWriteKey,
        config.limits(),
        new EventPipeline(config.limits(), userAgents, referrers, geoIp, hasher),
        writer,
        clock,
        meters,
        judge);
  }

  /**
   * The answer: how many events were stored, already known, counted but not stored (bots, opted
   * out), and refused (with reasons).
   */
  public record Result(
      int accepted,
      int duplicates,
      long bots,
      long optedOut,
      List<EventParser.Rejection> rejected) {}

  /**
   * Decodes the request with its format and takes its events through the pipeline; returns once the
   * accepted ones are durable.
   *
   * @param requestSender what the request says about its sender (address, user agent, privacy
   *     headers, Authorization, when it arrived)
   * @throws IngestException when the request as a whole is refused (unreadable, unknown site,
   *     unproven Bearer token, a single event that fails validation, the writer unavailable)
   */
  Result ingest(
      IngestFormat format,
      IngestFormat.Request request,
      EventPipeline.Sender requestSender,
      ServerCallers callers) {
    try (GroupCommitWriter.Arrival arrival = writer.arrival()) {
      return ingest(format, request, requestSender, callers, arrival);
    }
  }

  private Result ingest(
      IngestFormat format,
      IngestFormat.Request request,
      EventPipeline.Sender requestSender,
      ServerCallers callers,
      GroupCommitWriter.Arrival arrival) {
    IngestFormat.Decoded decoded = format.decode(request);
    String key = decoded.siteKey().isEmpty() ? request.siteKey() : decoded.siteKey();
    if (key.isEmpty()) {
      throw IngestException.unknownSite(
          "site",
          "no site named: put the site's write key in \"site\", the X-Footfall-Site header or"
              + " ?site=");
    }
    Site site =
        sitesByWriteKey
            .apply(key)
            .orElseThrow(
                () ->
                    IngestException.unknownSite(
                        "site", "no site has the write key '" + abbreviate(key) + "'"));
    EventPipeline.Sender sender = prove(site, requestSender, callers);

    List<EventPipeline.Keep> keep = new ArrayList<>();
    List<EventParser.Rejection> refused = new ArrayList<>();
    long botCount = 0;
    long optedOutCount = 0;
    for (EventParser.Result r : decoded.items()) {
      if (r.rejection() != null) {
        refused.add(r.rejection());
        continue;
      }
      EventPipeline.Outcome outcome = pipeline.process(site, r.event(), sender);
      switch (outcome) {
        case EventPipeline.Keep k -> {
          Optional<String> refusal =
              k.storeEvent() ? judge.refusal(site, k.event()) : Optional.empty();
          if (refusal.isPresent()) {
            refused.add(
                new EventParser.Rejection(
                    r.event().index(),
                    (decoded.batch() ? "batch[" + r.event().index() + "]." : "") + "event",
                    refusal.get()));
          } else {
            keep.add(k);
          }
        }
        case EventPipeline.Bot b -> botCount++;
        case EventPipeline.OptedOut o -> optedOutCount++;
        case EventPipeline.Refuse f ->
            refused.add(
                new EventParser.Rejection(
                    r.event().index(),
                    (decoded.batch() ? "batch[" + r.event().index() + "]." : "") + f.field(),
                    f.message()));
      }
    }
    bots.increment(botCount);
    optedOut.increment(optedOutCount);
    rejected.increment(refused.size());
    if (!decoded.batch() && !refused.isEmpty()) {
      // A single event that fails validation is counted like a rejected batch member (the site's
      // "rejected" counter), then refused as a whole request.
      EventParser.Rejection r = refused.get(0);
      count(site, botCount, 1, optedOutCount, arrival);
      throw r.tooLarge()
          ? IngestException.tooLarge(r.field(), r.message())
          : IngestException.invalid(r.field(), r.message());
    }
    List<WriteBatch.CounterDelta> counters = new ArrayList<>();
    if (botCount + refused.size() + optedOutCount > 0) {
      counters.add(
          new WriteBatch.CounterDelta(
              site.id(),
              GroupCommitWriter.utcDay(sender.receivedAt()),
              botCount,
              refused.size(),
              optedOutCount));
    }
    if (keep.isEmpty() && counters.isEmpty()) {
      return new Result(0, 0, 0, 0, List.of());
    }
    GroupCommitWriter.Committed committed =
        submitAndAwait(new GroupCommitWriter.Submission(keep, counters), arrival);
    accepted.increment(committed.accepted());
    duplicates.increment(committed.duplicates());
    return new Result(
        committed.accepted(), committed.duplicates(), botCount, optedOutCount, refused);
  }

  /**
   * The sender, marked server-side when its Bearer token proves it for this site. A Bearer token
   * that proves nothing is refused rather than ignored: a backend with a wrong or revoked key would
   * otherwise see its events silently judged as a browser's (and its HTTP client as a bot).
   */
  private static EventPipeline.Sender prove(
      Site site, EventPipeline.Sender sender, ServerCallers callers) {
    String auth = sender.authorization();
    if (auth.isEmpty()) {
      return sender;
    }
    if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw IngestException.unauthenticated(
          "the Authorization header must be 'Bearer <site secret key>'");
    }
    if (!callers.provesServerSide(site, auth.substring(7).strip())) {
      throw IngestException.unauthenticated(
          "the Bearer token is not the secret key of site "
              + site.id()
              + ", an admin API key of its organization or the installation token");
    }
    return sender.provenServerSide();
  }

  private void count(
      Site site, long bots, long rejected, long optedOut, GroupCommitWriter.Arrival arrival) {
    WriteBatch.CounterDelta d =
        new WriteBatch.CounterDelta(
            site.id(), GroupCommitWriter.utcDay(clock.instant()), bots, rejected, optedOut);
    try {
      submitAndAwait(new GroupCommitWriter.Submission(List.of(), List.of(d)), arrival);
    } catch (IngestException e) {
      log.debug("could not count a refused event of site {}: {}", site.id(), e.getMessage());
    }
  }

  /**
   * Hands the submission to the writer, marks the request as no longer on its way (it is queued
   * now, or refused), and waits for the commit.
   */
  private GroupCommitWriter.Committed submitAndAwait(
      GroupCommitWriter.Submission submission, GroupCommitWriter.Arrival arrival) {
    java.util.concurrent.CompletableFuture<GroupCommitWriter.Committed> done;
    try {
      done = writer.submit(submission);
    } finally {
      arrival.close();
    }
    return await(done);
  }

  private static GroupCommitWriter.Committed await(
      java.util.concurrent.CompletableFuture<GroupCommitWriter.Committed> done) {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IngestException.unavailable("interrupted while waiting for the commit");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IngestException ie) {
        throw ie;
      }
      throw IngestException.unavailable("commit failed: " + e.getCause());
    }
  }

  /** Whether the collector can take events: writer alive and queue below 90% full. */
  public boolean ready() {
    return writer.healthy() && writer.queuedEvents() < writer.capacity() * 9L / 10;
  }

  public Clock clock() {
    return clock;
  }

  /** The JSON format of {@code POST /api/track}. */
  IngestFormat json() {
    return json;
  }

  /** The query-parameter format of {@code GET /api/track.gif}. */
  IngestFormat pixel() {
    return pixel;
  }

  /** The one-person format of {@code POST /api/identify}. */
  IngestFormat identify() {
    return identify;
  }

  private static String abbreviate(String key) {
    return key.length() <= 12 ? key : key.substring(0, 12) + "…";
  }

  /** Commits what is queued and stops the writer. */
  @Override
  public void close() {
    writer.close();
    judge.close();
  }
}
