package io.footfall.store.duckdb;

import com.dynatrace.hash4j.distinctcount.UltraLogLog;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The distinct visitors of a rollup row, mergeable across rows: the visitors' hashes themselves
 * while there are at most {@link #EXACT_LIMIT} (so small counts stay exact), an UltraLogLog sketch
 * of 2^{@link #P} one-byte registers beyond (about 0.9% standard error).
 *
 * <p>A report's union of stored rows ({@link #merging}) stays exact longer, up to {@link
 * #MERGED_EXACT_LIMIT}: a month of a small site's daily rows, each exact, then adds up to the exact
 * count of distinct visitors, the same number the raw events give. Only stored rows are held to the
 * smaller limit, which keeps each stored row no larger than the estimating form.
 *
 * <p>Stored form ({@link #toBytes}): byte 0 is the kind. {@code 1}: the distinct hashes follow,
 * ascending, 8 bytes each, big-endian. {@code 2}: byte 1 is the precision p, then the 2^p bytes of
 * the UltraLogLog state (hash4j's own layout). Merging a stored sketch costs one pass over its
 * bytes, which is what makes a month of daily rows cheap to combine at query time.
 */
final class VisitorSketch {
  /** log2 of the registers of the estimating form: 8,192 bytes. */
  static final int P = 13;

  /** The most hashes kept exactly; one more turns the sketch into an estimate. */
  static final int EXACT_LIMIT = 1024;

  /**
   * The most hashes a report's union keeps exactly: 64 KiB of hashes per result row at most, eight
   * times the estimating form, and only for a row whose stored rows were all exact.
   */
  static final int MERGED_EXACT_LIMIT = 8 * EXACT_LIMIT;

  private static final byte EXACT = 1;
  private static final byte ULTRA_LOG_LOG = 2;

  /**
   * Where a stored estimating form is copied to be merged: hash4j wraps exactly 2^p bytes, and a
   * report merges thousands of stored rows, each otherwise an 8 KiB copy of its own. On the
   * server's virtual threads this is one buffer per request rather than per thread.
   */
  private static final ThreadLocal<byte[]> REGISTERS =
      ThreadLocal.withInitial(() -> new byte[1 << P]);

  /** How many distinct hashes stay exact. */
  private final int exactLimit;

  /** Exact form: hashes, the first {@code distinct} sorted and unique, the rest appended since. */
  private long[] hashes = new long[8];

  private int size;
  private int distinct;

  /** Estimating form, or null while exact. */
  private UltraLogLog ull;

  /** A sketch for a stored rollup row: exact up to {@link #EXACT_LIMIT}. */
  VisitorSketch() {
    this(EXACT_LIMIT);
  }

  private VisitorSketch(int exactLimit) {
    this.exactLimit = exactLimit;
  }

  /** A sketch for a report's union of stored rows: exact up to {@link #MERGED_EXACT_LIMIT}. */
  static VisitorSketch merging() {
    return new VisitorSketch(MERGED_EXACT_LIMIT);
  }

  /** Adds one visitor's 64-bit hash (well mixed, see {@link Rollups#hash}). */
  void add(long hash) {
    if (ull != null) {
      ull.add(hash);
      return;
    }
    if (size == hashes.length) {
      compact();
      if (ull != null) {
        ull.add(hash);
        return;
      }
      if (size * 2 > hashes.length) {
        hashes = Arrays.copyOf(hashes, hashes.length * 2);
      }
    }
    hashes[size++] = hash;
  }

  /** Adds every visitor of a stored sketch. */
  void merge(byte[] stored) {
    if (stored[0] == EXACT) {
      if (ull == null) {
        reserve((stored.length - 1) / 8);
      }
      ByteBuffer b = ByteBuffer.wrap(stored, 1, stored.length - 1);
      while (b.hasRemaining()) {
        add(b.getLong());
      }
    } else if (stored[0] == ULTRA_LOG_LOG) {
      int length = stored.length - 2;
      byte[] registers = length == 1 << P ? REGISTERS.get() : new byte[length];
      System.arraycopy(stored, 2, registers, 0, length);
      // add reads the wrapped registers at once and keeps nothing of them.
      estimating().add(UltraLogLog.wrap(registers));
    } else {
      throw new IllegalArgumentException("not a visitor sketch: kind " + stored[0]);
    }
  }

  /**
   * Makes room for {@code more} exact hashes at once (at most twice the limit, where compaction
   * decides), instead of doubling the array step by step from 8. The count is the same either way:
   * a sketch turns into an estimate only when its distinct hashes pass the limit.
   */
  private void reserve(int more) {
    int wanted = Math.min(size + more, 2 * exactLimit);
    if (wanted > hashes.length) {
      hashes = Arrays.copyOf(hashes, Integer.highestOneBit(wanted - 1) << 1);
    }
  }

  /** The number of distinct visitors: exact up to this sketch's limit, estimated beyond. */
  long count() {
    if (ull == null) {
      compact();
    }
    return ull == null ? distinct : Math.round(ull.getDistinctCountEstimate());
  }

  /** The stored form (see the class comment). */
  byte[] toBytes() {
    if (ull == null) {
      compact();
    }
    if (ull != null) {
      byte[] state = ull.getState();
      byte[] out = new byte[2 + state.length];
      out[0] = ULTRA_LOG_LOG;
      out[1] = (byte) P;
      System.arraycopy(state, 0, out, 2, state.length);
      return out;
    }
    ByteBuffer b = ByteBuffer.allocate(1 + 8 * distinct);
    b.put(EXACT);
    for (int i = 0; i < distinct; i++) {
      b.putLong(hashes[i]);
    }
    return b.array();
  }

  /** Sorts and de-duplicates the exact hashes; switches to estimating when too many remain. */
  private void compact() {
    if (size == distinct) {
      return;
    }
    Arrays.sort(hashes, 0, size);
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (n == 0 || hashes[i] != hashes[n - 1]) {
        hashes[n++] = hashes[i];
      }
    }
    size = n;
    distinct = n;
    if (n > exactLimit) {
      estimating();
    }
  }

  /** Switches to the estimating form (if not yet) and returns it. */
  private UltraLogLog estimating() {
    if (ull == null) {
      ull = UltraLogLog.create(P);
      for (int i = 0; i < size; i++) {
        ull.add(hashes[i]);
      }
      hashes = null;
      size = 0;
      distinct = 0;
    }
    return ull;
  }
}
