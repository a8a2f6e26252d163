package io.footfall.server;

import io.footfall.server.demo.DemoException;
import io.footfall.server.demo.DemoLoader;
import java.net.URI;
import java.time.Clock;

/** Runs the demo loader against a started server and prints where to look. */
final class Demo {
  private Demo() {}

  /** The machine's time zone for the demo site; a bare offset (no TZ set) becomes UTC. */
  private static java.time.ZoneId zone() {
    java.time.ZoneId zone = java.time.ZoneId.systemDefault();
    return zone instanceof java.time.ZoneOffset ? java.time.ZoneId.of("UTC") : zone;
  }

  static void load(FootfallServer server, String base, String adminToken) {
    load(server, base, adminToken, io.footfall.server.demo.TrafficGenerator.DEFAULT_TARGET_EVENTS);
  }

  /**
   * The organization the demo site belongs in: the one the installation's first owner owns (so that
   * the owner sees the demo when signing in), or empty while nobody owns anything (the site then
   * goes to the default organization, which the first owner takes over at setup).
   */
  static java.util.Optional<String> organization(io.footfall.core.metadata.MetadataStore metadata) {
    return metadata.organizations().all().stream()
        .filter(
            org ->
                metadata.members().list(org.id()).stream()
                    .anyMatch(m -> m.role() == io.footfall.core.Role.OWNER))
        .min(
            java.util.Comparator.comparing(io.footfall.core.Organization::createdAt)
                .thenComparing(io.footfall.core.Organization::id))
        .map(io.footfall.core.Organization::id);
  }

  /** Loads about {@code targetEvents} events of demo traffic into the demo site. */
  static void load(FootfallServer server, String base, String adminToken, int targetEvents) {
    System.out.println("Loading 30 days of demo traffic through the ingest API ...");
    try {
      DemoLoader.Summary s =
          new DemoLoader(
                  URI.create("http://127.0.0.1:" + server.port()),
                  adminToken,
                  Clock.systemDefaultZone(),
                  organization(server.metadata()).orElse(""))
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
