package io.footfall.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Tasks started together, as a dashboard issues its first screen's requests: the wall time from the
 * first start to the last end, and each task's own time.
 *
 * @param wallNanos from just before the first task was submitted to the end of the last
 * @param eachNanos what each task returned as its own duration, in the tasks' order; {@link
 *     #FAILED} for a task that failed and said so
 */
record ConcurrentRun(long wallNanos, long[] eachNanos) {

  /** What a task returns instead of its duration when it failed (and recorded why). */
  static final long FAILED = -1;

  /** Whether every task succeeded. */
  boolean complete() {
    return java.util.Arrays.stream(eachNanos).noneMatch(n -> n == FAILED);
  }

  /**
   * Runs every task on its own thread from {@code threads} and waits for all.
   *
   * @throws BenchException with the first failure's message if any task fails
   */
  static ConcurrentRun of(List<Callable<Long>> tasks, ThreadFactory threads) {
    try (ExecutorService pool = java.util.concurrent.Executors.newThreadPerTaskExecutor(threads)) {
      long start = System.nanoTime();
      List<Future<Long>> futures = new ArrayList<>();
      for (Callable<Long> t : tasks) {
        futures.add(pool.submit(t));
      }
      long[] each = new long[tasks.size()];
      for (int i = 0; i < futures.size(); i++) {
        each[i] = futures.get(i).get();
      }
      return new ConcurrentRun(System.nanoTime() - start, each);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BenchException b) {
        throw b;
      }
      throw new BenchException("a concurrent query failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while running queries together", e);
    }
  }
}
