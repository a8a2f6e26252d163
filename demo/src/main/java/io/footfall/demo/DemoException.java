package io.footfall.demo;

/** Loading demo traffic failed: the server refused, was unreachable, or kept asking to wait. */
public final class DemoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DemoException(String message) {
    super(message);
  }

  DemoException(String message, Throwable cause) {
    super(message, cause);
  }
}
