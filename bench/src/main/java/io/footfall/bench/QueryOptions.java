package io.footfall.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the query benchmark; {@link Bench} documents each option with its default.
 *
 * @param events how many events the month holds, one data set (and one pass of everything) each
 * @param month the calendar month the events lie in, in the site's time zone; it must be over
 * @param zone the site's time zone
 * @param runs measured runs of every request (and of the overview set) on each side
 * @param warmup unmeasured runs of everything on each side before, at least 1
 * @param cacheLoads loads of the overview with the query cache on, after the first; 0 skips
 * @param timeLimit time limit of one data size's measured runs: runs stop early when it passes
 * @param requestTimeout the longest an HTTP request may take
 * @param serverJar the server's executable jar
 * @param port the server's port; 0 picks a free one
 * @param serverJvmOptions JVM options for the server process
 * @param workDir where the data directories go; empty for a new temporary directory
 * @param keepFiles whether to keep the data directories at the end
 * @param explainDir where to write the plans of the slowest statements; empty for none
 * @param requests the names of the requests to measure, one at a time; empty for every request and
 *     the overview set (ClickHouse benchmark only)
 */
record QueryOptions(
    List<Long> events,
    YearMonth month,
    ZoneId zone,
    int runs,
    int warmup,
    int cacheLoads,
    Duration timeLimit,
    Duration requestTimeout,
    Path serverJar,
    int port,
    List<String> serverJvmOptions,
    Optional<Path> workDir,
    boolean keepFiles,
    Optional<Path> explainDir,
    List<String> requests) {

  QueryOptions {
    events = List.copyOf(events);
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(serverJar, "serverJar");
    serverJvmOptions = List.copyOf(serverJvmOptions);
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(explainDir, "explainDir");
    requests = List.copyOf(requests);
    if (events.isEmpty() || events.stream().anyMatch(n -> n < 1_000)) {
      throw new IllegalArgumentException(
          "events must list at least one size of 1,000 or more, was " + events);
    }
    if (!month.atEndOfMonth().isBefore(java.time.LocalDate.now(zone))) {
      throw new IllegalArgumentException(
          "the month must be over in " + zone + " (the data is history), was " + month);
    }
    positive(runs, "runs");
    positive(warmup, "warmup");
    if (cacheLoads < 0) {
      throw new IllegalArgumentException("cache-loads must not be negative, was " + cacheLoads);
    }
    positive(timeLimit.toMillis(), "time-limit (ms)");
    positive(requestTimeout.toMillis(), "request-timeout (ms)");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
    }
  }

  private static void positive(long value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
