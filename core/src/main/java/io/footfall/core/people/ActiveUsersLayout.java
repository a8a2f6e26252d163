package io.footfall.core.people;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The calendar of an active-users report as the stores' SQL needs it: local days numbered from the
 * range's first day (day 0; the range's last day is {@link #last()}), the buckets as ranges of
 * those numbers, the previous bucket of the first one, and the days read before and after the range
 * (30 days back for the 30-day window, 30 days on for the return of new people). The stores turn an
 * event's time into its local day number with {@link #offsets} and look buckets up in the arrays
 * {@link #bucketCodes} and {@link #endCodes}, and assemble their rows with {@link #report}.
 */
public final class ActiveUsersLayout {
  /** The days of the 30-day window: its last day and the 29 before. */
  public static final int MAU_DAYS = 30;

  /** The days of the 7-day window. */
  public static final int WAU_DAYS = 7;

  /** Days after a new person's first day in which a later event is a return. */
  public static final int RETURN_DAYS = 30;

  private final LocalDate first;
  private final int last;
  private final List<LocalDate> starts = new ArrayList<>();
  private final List<int[]> spans = new ArrayList<>(); // {from, to} day numbers in the range
  private final int previousFrom;
  private final int previousTo;

  private ActiveUsersLayout(LocalDate first, LocalDate last, ActiveUsers.Period period) {
    this.first = first;
    this.last = (int) (last.toEpochDay() - first.toEpochDay());
    for (LocalDate s = period.start(first); !s.isAfter(last); s = period.next(s)) {
      starts.add(s);
      int from = Math.max(0, day(s));
      int to = Math.min(this.last, day(period.next(s)) - 1);
      spans.add(new int[] {from, to});
    }
    LocalDate before = period.previous(starts.getFirst());
    this.previousFrom = day(before);
    this.previousTo = day(starts.getFirst()) - 1;
  }

  public static ActiveUsersLayout of(LocalDate first, LocalDate last, ActiveUsers.Period period) {
    return new ActiveUsersLayout(first, last, period);
  }

  public static ActiveUsersLayout of(ActiveUsers.Query q) {
    return of(q.first(), q.last(), q.period());
  }

  private int day(LocalDate d) {
    return (int) (d.toEpochDay() - first.toEpochDay());
  }

  /** The number of buckets. */
  public int buckets() {
    return starts.size();
  }

  /** The number of the range's last day. */
  public int last() {
    return last;
  }

  /** The epoch day of day 0. */
  public long epochDay() {
    return first.toEpochDay();
  }

  /**
   * The first day read as itself: every earlier event counts only as "seen before" (the stores give
   * it the number {@code scanStart() - 1}).
   */
  public int scanStart() {
    return Math.min(previousFrom, -(MAU_DAYS - 1));
  }

  /** The day after the last day read (events from then on are not read at all). */
  public int scanEnd() {
    return last + RETURN_DAYS + 1;
  }

  /** The first instant of the local day with the number. */
  public Instant instant(int day, ZoneId zone) {
    return first.plusDays(day).atStartOfDay(zone).toInstant();
  }

  /**
   * The bucket code of each day from {@code scanStart() - 1} to {@code scanEnd() - 1} (element 0 is
   * day {@code scanStart() - 1}): {@code k + 2} for a day of bucket {@code k} inside the range, 1
   * for a day of the bucket before the first, 0 for other days.
   */
  public int[] bucketCodes() {
    int base = scanStart() - 1;
    int[] codes = new int[scanEnd() - base];
    for (int d = previousFrom; d <= previousTo; d++) {
      codes[d - base] = 1;
    }
    for (int k = 0; k < spans.size(); k++) {
      for (int d = spans.get(k)[0]; d <= spans.get(k)[1]; d++) {
        codes[d - base] = k + 2;
      }
    }
    return codes;
  }

  /**
   * The end code of each day from {@code scanStart()} to {@code last()} (element 0 is day {@code
   * scanStart()}): {@code k + 1} when the day is the last in-range day of bucket {@code k}, the day
   * its 7- and 30-day windows end; 0 otherwise.
   */
  public int[] endCodes() {
    int base = scanStart();
    int[] codes = new int[last - base + 1];
    for (int k = 0; k < spans.size(); k++) {
      codes[spans.get(k)[1] - base] = k + 1;
    }
    return codes;
  }

  /**
   * The first-end code of each day from {@code scanStart()} to {@code last() + MAU_DAYS + 1}
   * (element 0 is day {@code scanStart()}): the first bucket whose last in-range day is that day or
   * later, {@link #buckets()} when none is. A person active from day {@code a} to day {@code z} of
   * a window (every end day in {@code [a, z]} counts them) adds one to the window counts of the
   * buckets from code(a) up to, not including, code(z + 1): see {@link RowKind#WINDOW_CHANGE}.
   */
  public int[] firstEndCodes() {
    int base = scanStart();
    int[] codes = new int[last + MAU_DAYS + 2 - base];
    int k = 0;
    for (int d = base; d < base + codes.length; d++) {
      while (k < spans.size() && spans.get(k)[1] < d) {
        k++;
      }
      codes[d - base] = k;
    }
    return codes;
  }

  /**
   * The zone's offset from UTC over the days read: the offset before each transition inside them,
   * in order, and the offset after the last (the only element when there is none). Each element is
   * {@code {transition instant's epoch microseconds, offset seconds before it}}, the last {@code
   * {Long.MAX_VALUE, offset seconds}}.
   */
  public List<long[]> offsets(ZoneId zone) {
    ZoneRules rules = zone.getRules();
    Instant from = instant(scanStart(), zone);
    Instant to = instant(scanEnd(), zone);
    List<long[]> out = new ArrayList<>();
    ZoneOffsetTransition t = rules.nextTransition(from);
    ZoneOffset offset = rules.getOffset(from);
    while (t != null && t.getInstant().isBefore(to)) {
      out.add(new long[] {micros(t.getInstant()), t.getOffsetBefore().getTotalSeconds()});
      offset = t.getOffsetAfter();
      t = rules.nextTransition(t.getInstant());
    }
    out.add(new long[] {Long.MAX_VALUE, offset.getTotalSeconds()});
    return out;
  }

  /** Microseconds since the epoch. */
  public static long micros(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
  }

  /** The kinds of rows a store answers with; see {@link #report}. */
  public enum RowKind {
    /** b = bucket: n1 active, n2 active in it and the previous bucket, n3 dormant. */
    LIFE,
    /** b = day number in the range: n1 the day's distinct active people. */
    DAY,
    /** b = bucket: n1 active in the 7 days ending on its last day, n2 in the 30 days. */
    WINDOW,
    /** b = bucket: n1 new people, n2 of them with a return within 30 days. */
    NEW,
    /**
     * b = bucket (or {@link #buckets()}, ignored): n1 and n2 are changes of the 7- and 30-day
     * window counts from bucket b - 1 to b; the counts are their running sums.
     */
    WINDOW_CHANGE
  }

  /** A row of a store's answer. */
  public record Row(RowKind kind, int b, long n1, long n2, long n3) {}

  /** The report from a store's rows: buckets without rows are zeros. */
  public ActiveUsers.Report report(ActiveUsers.Query q, List<Row> rows) {
    int n = buckets();
    long[] active = new long[n];
    long[] retained = new long[n];
    long[] dormant = new long[n];
    long[] activeDays = new long[n];
    long[] wau = new long[n];
    long[] mau = new long[n];
    long[] fresh = new long[n];
    long[] returned = new long[n];
    long[] wauChange = new long[n + 1];
    long[] mauChange = new long[n + 1];
    for (Row r : rows) {
      switch (r.kind()) {
        case LIFE -> {
          active[r.b()] = r.n1();
          retained[r.b()] = r.n2();
          dormant[r.b()] = r.n3();
        }
        case DAY -> activeDays[bucketOf(r.b())] += r.n1();
        case WINDOW -> {
          wau[r.b()] = r.n1();
          mau[r.b()] = r.n2();
        }
        case NEW -> {
          fresh[r.b()] = r.n1();
          returned[r.b()] = r.n2();
        }
        case WINDOW_CHANGE -> {
          wauChange[r.b()] += r.n1();
          mauChange[r.b()] += r.n2();
        }
      }
    }
    long wauRun = 0;
    long mauRun = 0;
    for (int k = 0; k < n; k++) {
      wauRun += wauChange[k];
      mauRun += mauChange[k];
      wau[k] += wauRun;
      mau[k] += mauRun;
    }
    List<ActiveUsers.Bucket> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      int[] span = spans.get(k);
      out.add(
          new ActiveUsers.Bucket(
              starts.get(k),
              first.plusDays(span[0]),
              first.plusDays(span[1]),
              span[1] - span[0] + 1,
              active[k],
              activeDays[k],
              wau[k],
              mau[k],
              fresh[k],
              retained[k],
              dormant[k],
              returned[k]));
    }
    return new ActiveUsers.Report(q.unit(), q.period(), out);
  }

  private int bucketOf(int day) {
    for (int k = 0; k < spans.size(); k++) {
      if (day >= spans.get(k)[0] && day <= spans.get(k)[1]) {
        return k;
      }
    }
    throw new IllegalArgumentException("day " + day + " is outside the range");
  }
}
