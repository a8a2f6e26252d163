package io.footfall.core;

/**
 * Demo traffic for {@code footfall start --demo}. The {@code demo} module implements it and
 * registers it in {@code META-INF/services/io.footfall.core.DemoTraffic}; the server finds it with
 * {@link java.util.ServiceLoader}, so the demo stays out of the server's jar and a class path
 * without it makes {@code --demo} fail with a message instead of shipping test data in production.
 * An implementation talks to the server through its HTTP API only.
 */
public interface DemoTraffic {

  /** How many events {@code --demo} sends: about 30 days of a small product's traffic. */
  int defaultEvents();

  /**
   * Creates (or finds) the demo site and its goals, sends about {@code targetEvents} events of
   * traffic through the ingest API of the server listening on {@code port} of this machine, and
   * prints a summary and where to look on standard output. A failure is printed on standard error,
   * never thrown: the server keeps running without the demo.
   *
   * @param adminToken the installation's bootstrap token, which the admin API takes
   * @param organizationId the organization the site goes in; empty for the default organization
   */
  void load(int port, String adminToken, String organizationId, int targetEvents);
}
