package io.footfall.bench;

/** The benchmark could not run: the server did not start, refused set-up, or the store failed. */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
