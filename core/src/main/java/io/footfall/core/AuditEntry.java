package io.footfall.core;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One administrative action: who did what to which object, when, and from which network.
 *
 * @param id unique identifier; among entries of the same instant, the order of ids is the order of
 *     the log
 * @param organizationId the organization the action concerns
 * @param actor who acted, e.g. {@code "person:p_x"}, {@code "apikey:ff_ab12cd34"}, {@code
 *     "bootstrap"}; 1 to 200 characters
 * @param action what was done, dotted lower-case words such as {@code "site.create"}, at most 100
 *     characters
 * @param target the object acted on, e.g. a site id; possibly empty; at most 200 characters
 * @param network the actor's truncated network ({@code 203.0.113.0/24}, {@code 2001:db8:1::/48}) or
 *     empty; a full address is refused, because no raw IP may reach storage
 * @param at when it happened
 * @param detailsJson a JSON object with details, {@code "{}"} when there are none; at most 8000
 *     characters
 */
public record AuditEntry(
    String id,
    String organizationId,
    String actor,
    String action,
    String target,
    String network,
    Instant at,
    String detailsJson) {
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  private static final Pattern NETWORK = Pattern.compile("[0-9a-f.:]+/([0-9]{1,3})");

  public AuditEntry {
    Checks.id("id", id);
    Checks.id("organizationId", organizationId);
    Checks.required("actor", actor, 200);
    Checks.required("action", action, 100);
    if (!ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException(
          "action must be dotted lower-case words like site.create, was '" + action + "'");
    }
    Checks.text("target", target, 200);
    Checks.text("network", network, 64);
    checkTruncated(network);
    at = Checks.instant("at", at);
    Checks.required("detailsJson", detailsJson, 8000);
    String d = detailsJson.strip();
    if (!d.startsWith("{") || !d.endsWith("}")) {
      throw new IllegalArgumentException("detailsJson must be a JSON object, e.g. {}");
    }
  }

  private static void checkTruncated(String network) {
    if (network.isEmpty()) {
      return;
    }
    var m = NETWORK.matcher(network);
    boolean ipv4 = network.indexOf(':') < 0;
    int limit = ipv4 ? 24 : 48;
    if (!m.matches() || Integer.parseInt(m.group(1)) > limit) {
      throw new IllegalArgumentException(
          "network must be a truncated network such as 203.0.113.0/24 or 2001:db8:1::/48"
              + " (prefix at most /"
              + limit
              + "), never a full address, was '"
              + Checks.shorten(network)
              + "'");
    }
  }

  /** The position of this entry in its organization's log, for paging past it. */
  public Cursor cursor() {
    return new Cursor(at, id);
  }

  /**
   * A position in an audit log: entries are ordered newest first by time, and among entries of the
   * same time by id, descending.
   *
   * @param at the time of the entry at the position
   * @param id the id of the entry at the position
   */
  public record Cursor(Instant at, String id) {
    public Cursor {
      at = Checks.instant("at", at);
      Objects.requireNonNull(id, "id");
    }
  }
}
