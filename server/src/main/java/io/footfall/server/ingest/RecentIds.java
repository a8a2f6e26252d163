package io.footfall.server.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ids of recently stored events, as 64-bit hashes in time buckets, so the writer can tell
 * cheaply that an event is new. A hit is only a "maybe": the writer confirms it against the store,
 * so a hash collision never drops an event. Not thread-safe: the writer thread owns it.
 *
 * <p>Memory is about 16 bytes per remembered event (open addressing at most half full).
 */
final class RecentIds {
  private final long bucketMillis;
  private final long windowMillis;
  private final TreeMap<Long, LongSet> buckets = new TreeMap<>();
  private long size;

  RecentIds(Duration window, Duration bucket) {
    this.windowMillis = window.toMillis();
    this.bucketMillis = bucket.toMillis();
  }

  static long key(String siteId, String eventId) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, siteId);
    h = (h ^ 0x1F) * 0x100000001b3L;
    h = mix(h, eventId);
    // Final avalanche (the splitmix64 finalizer) so similar ids spread over the table.
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  private static long mix(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }

  boolean mightContain(long key) {
    for (LongSet set : buckets.values()) {
      if (set.contains(key)) {
        return true;
      }
    }
    return false;
  }

  void add(long key, Instant receivedAt) {
    long bucket = Math.floorDiv(receivedAt.toEpochMilli(), bucketMillis);
    if (buckets.computeIfAbsent(bucket, b -> new LongSet()).add(key)) {
      size++;
    }
  }

  /** Forgets the buckets that lie wholly before {@code now - window}. */
  void expire(Instant now) {
    long oldestKept = Math.floorDiv(now.toEpochMilli() - windowMillis, bucketMillis);
    Iterator<Map.Entry<Long, LongSet>> it = buckets.headMap(oldestKept).entrySet().iterator();
    while (it.hasNext()) {
      size -= it.next().getValue().size();
      it.remove();
    }
  }

  long size() {
    return size;
  }

  /** An open-addressing set of longs; 0 is stored as a flag because 0 marks empty slots. */
  static final class LongSet {
    private long[] table = new long[1024];
    private int count;
    private boolean hasZero;

    boolean contains(long k) {
      if (k == 0) {
        return hasZero;
      }
      int mask = table.length - 1;
      for (int i = (int) (k ^ (k >>> 32)) & mask; ; i = (i + 1) & mask) {
        long v = table[i];
        if (v == 0) {
          return false;
        }
        if (v == k) {
          return true;
        }
      }
    }

    boolean add(long k) {
      if (k == 0) {
        boolean added = !hasZero;
        hasZero = true;
        return added;
      }
      if ((count + 1) * 2 > table.length) {
        grow();
      }
      if (insert(table, k)) {
        count++;
        return true;
      }
      return false;
    }

    int size() {
      return count + (hasZero ? 1 : 0);
    }

    private static boolean insert(long[] t, long k) {
      int mask = t.length - 1;
      for (int i = (int) (k ^ (k >>> 32)) & mask; ; i = (i + 1) & mask) {
        if (t[i] == 0) {
          t[i] = k;
          return true;
        }
        if (t[i] == k) {
          return false;
        }
      }
    }

    private void grow() {
      long[] bigger = new long[table.length * 2];
      for (long v : table) {
        if (v != 0) {
          insert(bigger, v);
        }
      }
      table = bigger;
    }
  }
}
