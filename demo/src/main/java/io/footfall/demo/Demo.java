package io.footfall.demo;

import io.footfall.core.DemoTraffic;
import java.net.URI;
import java.time.Clock;

/** Runs the demo loader against a started server and prints where to look. */
public final class Demo implements DemoTraffic {

  /** For {@link java.util.ServiceLoader}. */
  public Demo() {}

  @Override
  public int defaultEvents() {
    return TrafficGenerator.DEFAULT_TARGET_EVENTS;
  }

  @Override
  public void load(int port, String adminToken, String organizationId, int targetEvents) {
    String base = "http://localhost:" + port;
    System.out.println("Loading 30 days of demo traffic through the ingest API ...");
    try {
      DemoLoader.Summary s =
          new DemoLoader(
                  URI.create("http://127.0.0.1:" + port),
                  adminToken,
                  Clock.system(java.time.ZoneId.systemDefault()),
                  organizationId)
              .load(targetEvents);
      System.out.printf(
          "Demo site \"%s\" (id %s, write key %s): %,d events sent, %,d stored, %,d already there,"
              + " %,d refused, in %.1f s%n",
          DemoLoader.SITE_NAME,
          s.siteId(),
          s.writeKey(),
          s.sent(),
          s.accepted(),
          s.duplicates(),
          s.rejected(),
          s.elapsed().toMillis() / 1000.0);
      System.out.printf(
          "  goals: %s (%d new)%n", String.join(", ", s.goals()), s.goalsCreated().size());
      for (String r : s.rejections()) {
        System.out.println("  refused: " + r);
      }
      System.out.println(
          "  check it:  curl -s -H 'Authorization: Bearer "
              + adminToken
              + "' "
              + base
              + "/api/admin/sites/"
              + s.siteId()
              + "/counts");
      System.out.println(
          "  its stats: curl -s -H 'Authorization: Bearer "
              + adminToken
              + "' '"
              + base
              + "/api/stats/breakdown?site_id="
              + s.siteId()
              + "&date_range=30d&dimensions=visit:source&metrics=visitors,bounce_rate'");
    } catch (DemoException e) {
      System.err.println("footfall: the demo load failed: " + e.getMessage());
    }
  }
}
