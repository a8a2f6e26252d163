package io.footfall.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Builders of valid tenancy records for tests. */
public final class TestTenants {
  /** The creation time of everything built here unless a test says otherwise. */
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestTenants() {}

  public static Organization organization(String id) {
    return new Organization(id, "Organization " + id, T0);
  }

  public static Person person(String id, String email) {
    return new Person(id, email, "Person " + id, "", T0);
  }

  /** A key whose secret is {@code "secret-" + id}, never used, not revoked. */
  public static ApiKey apiKey(
      String organizationId, String id, String prefix, Set<ApiKey.Scope> scopes) {
    return new ApiKey(
        id, organizationId, "Key " + id, prefix, sha256Hex("secret-" + id), scopes, T0);
  }

  /** A link without password or expiry, whose token is {@code "token-" + id}. */
  public static SharedLink sharedLink(String organizationId, String id, String siteId) {
    return new SharedLink(id, organizationId, siteId, sha256Hex("token-" + id), "", T0);
  }

  /** A page view goal created at {@code T0}. */
  public static Goal pageviewGoal(String siteId, String id, String name, String pathPattern) {
    return new Goal(id, siteId, name, Goal.Kind.PAGEVIEW, pathPattern, "", "", "", T0);
  }

  /** An event goal created at {@code T0}; empty {@code propertyKey} for none. */
  public static Goal eventGoal(
      String siteId,
      String id,
      String name,
      String eventName,
      String propertyKey,
      String propertyValue) {
    return new Goal(
        id, siteId, name, Goal.Kind.EVENT, "", eventName, propertyKey, propertyValue, T0);
  }

  /** A funnel insight saved by {@code person:p_analyst} at {@code T0}, never renamed. */
  public static Insight funnelInsight(String siteId, String id, String name) {
    return new Insight(
        id,
        siteId,
        name,
        Insight.Kind.FUNNELS,
        "step=event%3Asignup&step=page%3A%2Fpricing&window=86400&unit=person&range=30d",
        "person:p_analyst",
        T0,
        T0);
  }

  public static AuditEntry audit(String organizationId, String id, Instant at) {
    return new AuditEntry(
        id,
        organizationId,
        "person:p_admin",
        "site.create",
        "s_" + id,
        "203.0.113.0/24",
        at,
        "{\"n\":1}");
  }

  /** A session created and last seen at {@code T0}, lasting {@code lifetime}. */
  public static WebSession session(String idHash, String personId, Duration lifetime) {
    return new WebSession(idHash, personId, "csrf-" + idHash, T0, T0, T0.plus(lifetime));
  }

  /**
   * An invitation as an analyst by {@code person:p_admin}, for 7 days; token {@code invite-<id>}.
   */
  public static Invitation invitation(
      String organizationId, String id, String email, Set<String> sites, Instant at) {
    return new Invitation(
        id,
        organizationId,
        email,
        Role.ANALYST,
        sites,
        sha256Hex("invite-" + id),
        "person:p_admin",
        at,
        at.plus(Duration.ofDays(7)));
  }

  /** A site's secret key whose secret is {@code prefix + "-secret"}. */
  public static SiteSecret siteSecret(String org, String site, String prefix, Instant at) {
    return new SiteSecret(site, org, prefix, sha256Hex(prefix + "-secret"), at);
  }

  /** A weekly email report whose next period starts on Monday 2026-03-02. */
  public static EmailReport weeklyReport(String siteId, String id, List<String> to, Instant at) {
    return new EmailReport(
        id, siteId, EmailReport.Frequency.WEEKLY, to, LocalDate.of(2026, 3, 2), at);
  }

  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
