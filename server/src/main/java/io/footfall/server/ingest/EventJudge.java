package io.footfall.server.ingest;

import io.footfall.core.Event;
import io.footfall.core.Site;
import java.util.Optional;

/**
 * Judges each event about to be stored against the site's rules beyond the ingest format (the event
 * catalogue): answers why the event must not be stored, or nothing to keep it, and may count what
 * it found. Closed after the writer, so that what it counted is kept.
 */
public interface EventJudge extends AutoCloseable {
  /** Keeps every event. */
  EventJudge NONE =
      new EventJudge() {
        @Override
        public Optional<String> refusal(Site site, Event event) {
          return Optional.empty();
        }

        @Override
        public void close() {}
      };

  /** Why the site does not take the event, or empty to store it. */
  Optional<String> refusal(Site site, Event event);

  @Override
  void close();
}
