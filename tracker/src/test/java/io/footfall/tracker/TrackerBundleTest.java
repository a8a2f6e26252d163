package io.footfall.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Checks the built tracker resources that the server serves as {@code /t.js}. */
class TrackerBundleTest {

  /** The public promise in DESIGN.md: the tracker costs at most 2 KB on the wire. */
  private static final int MAX_GZIPPED_BYTES = 2048;

  @Test
  void minifiedTrackerStaysWithinTwoKilobytesGzipped() throws IOException {
    byte[] minified = resource("t.js");
    byte[] gzipped = gzip(minified);

    System.out.printf(
        "t.js: %d bytes minified, %d bytes gzipped (limit %d)%n",
        minified.length, gzipped.length, MAX_GZIPPED_BYTES);
    assertThat(gzipped.length)
        .as("gzipped size of io/footfall/tracker/t.js (%d bytes minified)", minified.length)
        .isLessThanOrEqualTo(MAX_GZIPPED_BYTES);
  }

  @Test
  void minifiedTrackerIsSmallerThanItsSourceAndKeepsThePublicApi() throws IOException {
    String minified = new String(resource("t.js"), StandardCharsets.UTF_8);
    String source = new String(resource("t.src.js"), StandardCharsets.UTF_8);

    assertThat(minified.length()).isLessThan(source.length() / 2);
    // The names pages and docs rely on must survive minification.
    assertThat(minified)
        .contains(
            ".footfall=",
            ".consent=",
            ".identify=",
            "data-footfall-event",
            "data-footfall-prop-",
            "footfall_ignore",
            "/api/track",
            "sendBeacon",
            "keepalive");
    assertThat(minified).doesNotContain("/**", "console.");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = TrackerBundleTest.class.getResourceAsStream(name)) {
      assertThat(in).as("classpath resource io/footfall/tracker/%s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
