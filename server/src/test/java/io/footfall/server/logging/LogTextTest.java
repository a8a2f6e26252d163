package io.footfall.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Text from a request never starts a log line of its own (issue 14, item 4). */
class LogTextTest {
  static final Logger log = LoggerFactory.getLogger(LogTextTest.class);
  static final String FORGED = "2026-01-01T00:00:00.000Z INFO  Auditor - audit: forged";

  @Test
  void escapesLineBreaksAndControlCharacters() {
    assertThat(LogText.escape("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
    assertThat(LogText.escape("nul\u0000 esc\u001b[31m del\u007f nel\u0085 ls\u2028 ps\u2029"))
        .isEqualTo("nul\\u0000 esc\\u001b[31m del\\u007f nel\\u0085 ls\\u2028 ps\\u2029");
    assertThat(LogText.escape("plain text, ünïcödé and a \\ backslash"))
        .isEqualTo("plain text, ünïcödé and a \\ backslash");
    assertThat(LogText.escape(null)).isNull();
  }

  @Test
  void everyLogCallWritesArgumentsAndExceptionMessagesOnTheirOwnLine() {
    try (LogCapture capture = LogCapture.start()) {
      log.info("signed in as {}", "ada@acme.example\n" + FORGED);
      log.warn("path {}", "/x\r\n" + FORGED);
      log.error(
          "unexpected error",
          new IllegalStateException(
              "outer\n" + FORGED, new IllegalArgumentException("inner\r" + FORGED)));

      assertThat(capture.lines()).noneMatch(line -> line.startsWith(FORGED));
      assertThat(capture.lines())
          .anyMatch(line -> line.endsWith("signed in as ada@acme.example\\n" + FORGED))
          .anyMatch(line -> line.equals("java.lang.IllegalStateException: outer\\n" + FORGED))
          .anyMatch(
              line ->
                  line.equals("Caused by: java.lang.IllegalArgumentException: inner\\r" + FORGED))
          .anyMatch(line -> line.startsWith("\tat io.footfall.server.logging.LogTextTest."));
    }
  }
}
