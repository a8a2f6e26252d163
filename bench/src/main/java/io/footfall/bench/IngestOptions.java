package io.footfall.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the ingest benchmark; {@link Bench} documents each option with its default.
 *
 * @param duration time limit of one measured run
 * @param warmup time of the unmeasured warm-up run of each HTTP scenario; zero for none
 * @param repeats measured runs of every scenario
 * @param singleClients concurrent clients sending one event per request
 * @param batchClients concurrent clients sending batches
 * @param batchSize events per batch request
 * @param maxSingleRequests request limit of one single-event run
 * @param maxBatchRequests request limit of one batch run
 * @param ceilingBatchSizes rows per {@code DuckDbStore.write} call in the ceiling runs
 * @param maxCeilingRows row limit of one ceiling run
 * @param serverJar the server's executable jar
 * @param port the server's port; 0 picks a free one
 * @param serverJvmOptions JVM options for the server process
 * @param poolEvents generated events whose serialized forms the requests are cut from
 */
record IngestOptions(
    Duration duration,
    Duration warmup,
    int repeats,
    int singleClients,
    int batchClients,
    int batchSize,
    long maxSingleRequests,
    long maxBatchRequests,
    List<Integer> ceilingBatchSizes,
    long maxCeilingRows,
    Path serverJar,
    int port,
    List<String> serverJvmOptions,
    int poolEvents) {

  IngestOptions {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(serverJar, "serverJar");
    ceilingBatchSizes = List.copyOf(ceilingBatchSizes);
    serverJvmOptions = List.copyOf(serverJvmOptions);
    positive(duration.toMillis(), "duration (ms)");
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
    }
    positive(repeats, "repeats");
    positive(singleClients, "single-clients");
    positive(batchClients, "batch-clients");
    positive(batchSize, "batch-size");
    positive(maxSingleRequests, "max-single-requests");
    positive(maxBatchRequests, "max-batch-requests");
    positive(maxCeilingRows, "max-ceiling-rows");
    positive(poolEvents, "pool-events");
    if (ceilingBatchSizes.isEmpty() || ceilingBatchSizes.stream().anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException(
          "ceiling batch sizes must be positive and at least one, were " + ceilingBatchSizes);
    }
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
