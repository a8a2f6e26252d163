package io.footfall.server.query;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/** A date range as the API names it, before it is resolved in the site's time zone. */
sealed interface DateSpec {

  /** A named range: {@code today}, {@code 7d}, {@code month}, ... (see docs/metrics.md). */
  record Named(String name) implements DateSpec {
    public Named {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Whole days, both included. */
  record Days(LocalDate first, LocalDate last) implements DateSpec {}

  /** Local date-times, the end excluded. */
  record Times(LocalDateTime from, LocalDateTime to) implements DateSpec {}
}
