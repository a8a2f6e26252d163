package io.footfall.bench;

import io.footfall.core.StoreException;
import io.footfall.store.duckdb.DuckDbEncryption;
import io.footfall.store.duckdb.DuckDbStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What encryption at rest costs the embedded store: the same month of events written into a plain
 * file and into an encrypted one, then the same queries read from each, cold (the file just opened,
 * every block read and decrypted) and warm (from DuckDB's buffer cache, which holds blocks
 * decrypted), in turns so that the machine's noise falls on both alike.
 *
 * <p>The encrypted file is written with OpenSSL when DuckDB's httpfs extension loads, otherwise
 * with DuckDB's built-in mbedtls (which the server never writes with); the report says which.
 */
final class EncryptionBenchmark {
  private static final String SITE = "s_encryption_bench";
  private static final String KEY =
      "4f6f9c1d2b7a8e30c5d46e1f92a0b7c34f6f9c1d2b7a8e30c5d46e1f92a0b7c3";

  /** The queries read: a count, daily visitors, top pages and top sources over the month. */
  private static final List<String> QUERIES =
      List.of(
          "SELECT count(*) FROM events WHERE site_id = '" + SITE + "'",
          "SELECT date_trunc('day', ts) d, count(DISTINCT visitor_id) FROM events WHERE site_id = '"
              + SITE
              + "' GROUP BY d ORDER BY d",
          "SELECT pathname, count(*) c FROM events WHERE site_id = '"
              + SITE
              + "' GROUP BY pathname ORDER BY c DESC LIMIT 10",
          "SELECT source, count(DISTINCT visitor_id) v FROM events WHERE site_id = '"
              + SITE
              + "' GROUP BY source ORDER BY v DESC LIMIT 10");

  record Variant(String name, Optional<DuckDbEncryption> encryption) {}

  record Result(
      long events,
      int runs,
      String crypto,
      double[] writeSeconds,
      long[] fileBytes,
      double[] coldSeconds,
      double[] warmSeconds) {}

  private EncryptionBenchmark() {}

  static Result run(Path dir, long events, int runs, PrintStream out)
      throws IOException, SQLException {
    Files.createDirectories(dir);
    Variant plain = new Variant("plain", Optional.empty());
    Variant encrypted = encryptedVariant(dir);
    List<Variant> variants = List.of(plain, encrypted);
    double[] write = new double[2];
    long[] bytes = new long[2];
    YearMonth month = YearMonth.of(2026, 10);
    Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    for (int v = 0; v < 2; v++) {
      Path file = fresh(dir, variants.get(v));
      long start = System.nanoTime();
      try (DuckDbStore store = DuckDbStore.open(file, 0, variants.get(v).encryption());
          Connection c = store.connection()) {
        MonthOfEvents.insert(c, SITE, from, to, events, "e", true);
      }
      // Closing checkpoints: the blocks reach the file (encrypted) before the clock stops.
      write[v] = (System.nanoTime() - start) / 1e9;
      bytes[v] = Files.size(file);
      out.printf(
          "%-9s wrote %,d events in %.2f s, file %,d MB%n",
          variants.get(v).name(), events, write[v], bytes[v] >> 20);
    }
    double[][] cold = new double[2][runs];
    double[][] warm = new double[2][runs];
    for (int run = 0; run < runs; run++) {
      for (int v = 0; v < 2; v++) {
        Variant variant = variants.get(v);
        try (DuckDbStore store = DuckDbStore.open(file(dir, variant), 0, variant.encryption());
            Connection c = store.connection()) {
          cold[v][run] = queries(c);
          warm[v][run] = queries(c);
        }
      }
      out.printf(
          "run %d: cold %.3f s plain, %.3f s encrypted; warm %.3f s plain, %.3f s encrypted%n",
          run + 1, cold[0][run], cold[1][run], warm[0][run], warm[1][run]);
    }
    return new Result(
        events,
        runs,
        encrypted.encryption().orElseThrow().crypto().name(),
        write,
        bytes,
        new double[] {Stats.median(cold[0]), Stats.median(cold[1])},
        new double[] {Stats.median(warm[0]), Stats.median(warm[1])});
  }

  /** OpenSSL when httpfs loads here, else the built-in mbedtls. */
  private static Variant encryptedVariant(Path dir) throws IOException {
    DuckDbEncryption openssl = DuckDbEncryption.of(KEY, Optional.empty());
    Path probe = dir.resolve("probe.duckdb");
    try {
      DuckDbStore.open(probe, 0, Optional.of(openssl)).close();
      return new Variant("encrypted", Optional.of(openssl));
    } catch (StoreException e) {
      return new Variant(
          "encrypted",
          Optional.of(
              new DuckDbEncryption(
                  KEY,
                  Optional.empty(),
                  DuckDbEncryption.Crypto.MBEDTLS_UNSAFE,
                  Optional.empty())));
    } finally {
      deleteAll(dir, "probe.duckdb");
    }
  }

  private static double queries(Connection c) throws SQLException {
    long start = System.nanoTime();
    for (String sql : QUERIES) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          rs.getObject(1);
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Path file(Path dir, Variant v) {
    return dir.resolve(v.name() + ".duckdb");
  }

  private static Path fresh(Path dir, Variant v) throws IOException {
    deleteAll(dir, v.name() + ".duckdb");
    return file(dir, v);
  }

  private static void deleteAll(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .sorted(Comparator.reverseOrder())
              .toList()) {
        if (Files.isDirectory(f)) {
          try (Stream<Path> inside = Files.walk(f)) {
            for (Path p : inside.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
        } else {
          Files.delete(f);
        }
      }
    }
  }

  static String markdown(Result r, String load) {
    List<String> rows = new ArrayList<>();
    rows.add("| | plain | encrypted (" + r.crypto() + ") | ratio |");
    rows.add("| --- | ---: | ---: | ---: |");
    rows.add(row("write " + String.format("%,d", r.events()) + " events, s", r.writeSeconds()));
    rows.add(
        String.format(
            "| file size, MB | %,d | %,d | %.2f× |",
            r.fileBytes()[0] >> 20,
            r.fileBytes()[1] >> 20,
            r.fileBytes()[1] / (double) r.fileBytes()[0]));
    rows.add(row("4 queries, cold (just opened), median s", r.coldSeconds()));
    rows.add(row("4 queries, warm (cached), median s", r.warmSeconds()));
    return "Encryption at rest, DuckDB, "
        + r.runs()
        + " runs in turns (load "
        + load
        + "):\n\n"
        + String.join("\n", rows)
        + "\n";
  }

  private static String row(String what, double[] seconds) {
    return String.format(
        "| %s | %.3f | %.3f | %.2f× |", what, seconds[0], seconds[1], seconds[1] / seconds[0]);
  }
}
