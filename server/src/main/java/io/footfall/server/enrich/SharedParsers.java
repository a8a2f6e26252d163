package io.footfall.server.enrich;

/**
 * The parsers are immutable and costly to build (the user-agent rules take seconds), so one process
 * shares one set, however many servers it runs (tests run several).
 */
public final class SharedParsers {
  private SharedParsers() {}

  private static volatile UserAgents userAgents;
  private static volatile Referrers referrers;

  public static synchronized UserAgents userAgents() {
    if (userAgents == null) {
      userAgents = UserAgents.load(20_000);
    }
    return userAgents;
  }

  public static synchronized Referrers referrers() {
    if (referrers == null) {
      referrers = Referrers.load();
    }
    return referrers;
  }
}
