package io.footfall.server.insights;

import io.footfall.core.Insight;
import io.footfall.core.Site;
import io.footfall.core.metadata.Insights;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Secrets;
import io.footfall.server.audit.Auditor;
import io.footfall.server.tenancy.TenancyService;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A site's saved insights: listed by everyone who may read the site's statistics except shared
 * links ({@link Permission#READ_INSIGHTS}), saved, renamed and deleted by owners, admins and
 * analysts ({@link Permission#SAVE_INSIGHTS}). Access is checked through {@link
 * TenancyService#site}, so another tenant's site answers 404, and every change is written to the
 * audit log as {@code insight.create}, {@code insight.rename}, {@code insight.update} (a new state)
 * and {@code insight.delete}.
 *
 * <p>An insight's state is the page's URL query string; the server keeps it as text and never runs
 * it. Opening an insight is opening that URL, so the page checks the reader's access as always:
 * listing a funnel of people to a viewer shows its name, not its people.
 */
public final class InsightService {
  /** The most insights one site may have. */
  public static final int MAX_INSIGHTS_PER_SITE = 500;

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private final Insights insights;
  private final TenancyService tenancy;
  private final Auditor audit;
  private final Clock clock;

  public InsightService(Insights insights, TenancyService tenancy, Auditor audit, Clock clock) {
    this.insights = insights;
    this.tenancy = tenancy;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * An insight to save as a request describes it, fields as sent (empty when absent): the name, the
   * page's API name ({@link Insight.Kind#apiName()}) and its URL query string, with or without its
   * leading {@code ?}.
   */
  public record Request(String name, String kind, String state) {}

  /** The site's insights, oldest first. Needs {@link Permission#READ_INSIGHTS} on the site. */
  public List<Insight> list(Principal p, String siteId) {
    Site site = tenancy.site(p, siteId, Permission.READ_INSIGHTS);
    return insights.list(site.organizationId(), site.id());
  }

  /**
   * Saves an insight. Needs {@link Permission#SAVE_INSIGHTS} on the site.
   *
   * @throws InsightException 400 naming the field at fault, 409 when the site has {@value
   *     #MAX_INSIGHTS_PER_SITE} insights
   */
  public Insight create(TenancyService.Origin o, String siteId, Request r) {
    Site site = tenancy.site(o.principal(), siteId, Permission.SAVE_INSIGHTS);
    String name = validName(r.name());
    Insight.Kind kind =
        Insight.Kind.ofApiName(r.kind().strip())
            .orElseThrow(
                () ->
                    InsightException.invalid(
                        "kind",
                        r.kind().isBlank()
                            ? "kind is required: one of " + kinds()
                            : "kind must be one of "
                                + kinds()
                                + ", was '"
                                + shorten(r.kind())
                                + "'"));
    String state = validState(r.state());
    int count = insights.count(site.organizationId(), site.id());
    if (count >= MAX_INSIGHTS_PER_SITE) {
      throw InsightException.limitReached(
          "site '"
              + site.id()
              + "' has "
              + count
              + " saved insights, the most a site may have is "
              + MAX_INSIGHTS_PER_SITE
              + "; delete one to save another");
    }
    // The stores keep microseconds; truncating here makes what is returned equal what is read.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Insight insight =
        new Insight(
            "i_" + Secrets.token().substring(0, 12),
            site.id(),
            name,
            kind,
            state,
            o.principal().actor(),
            now,
            now);
    insights.create(insight);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("site", site.id());
    details.put("name", name);
    details.put("kind", kind.apiName());
    audit.record(
        o.principal(),
        site.organizationId(),
        "insight.create",
        insight.id(),
        o.clientAddress(),
        details);
    return insight;
  }

  /**
   * Renames an insight. Needs {@link Permission#SAVE_INSIGHTS} on the site.
   *
   * @throws InsightException 400 naming the field at fault, 404 when the site has no insight with
   *     this id
   */
  public Insight rename(TenancyService.Origin o, String siteId, String insightId, String newName) {
    Site site = tenancy.site(o.principal(), siteId, Permission.SAVE_INSIGHTS);
    String name = validName(newName);
    Insight before =
        insights
            .find(site.organizationId(), site.id(), insightId)
            .orElseThrow(() -> notFound(site, insightId));
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (!insights.rename(site.organizationId(), site.id(), insightId, name, now)) {
      throw notFound(site, insightId);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("site", site.id());
    details.put("from", before.name());
    details.put("to", name);
    audit.record(
        o.principal(),
        site.organizationId(),
        "insight.rename",
        insightId,
        o.clientAddress(),
        details);
    return before.renamed(name, now);
  }

  /**
   * Gives an insight a new state, its page as the reader now shows it (and a new name when {@code
   * newName} is not empty): "Update insight" on a page opened from it. Its kind and author stay.
   * Needs {@link Permission#SAVE_INSIGHTS} on the site.
   *
   * @throws InsightException 400 naming the field at fault, 404 when the site has no insight with
   *     this id
   */
  public Insight update(
      TenancyService.Origin o,
      String siteId,
      String insightId,
      Optional<String> newName,
      String newState) {
    Site site = tenancy.site(o.principal(), siteId, Permission.SAVE_INSIGHTS);
    Optional<String> name = newName.map(InsightService::validName);
    String state = validState(newState);
    Insight before =
        insights
            .find(site.organizationId(), site.id(), insightId)
            .orElseThrow(() -> notFound(site, insightId));
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (name.isPresent()
        && !insights.rename(site.organizationId(), site.id(), insightId, name.get(), now)) {
      throw notFound(site, insightId);
    }
    if (!insights.restate(site.organizationId(), site.id(), insightId, state, now)) {
      throw notFound(site, insightId);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("site", site.id());
    details.put("name", name.orElse(before.name()));
    name.filter(n -> !n.equals(before.name())).ifPresent(n -> details.put("from", before.name()));
    details.put("kind", before.kind().apiName());
    audit.record(
        o.principal(),
        site.organizationId(),
        "insight.update",
        insightId,
        o.clientAddress(),
        details);
    return before.renamed(name.orElse(before.name()), now).restated(state, now);
  }

  /**
   * Deletes an insight. Needs {@link Permission#SAVE_INSIGHTS} on the site.
   *
   * @throws InsightException 404 when the site has no insight with this id
   */
  public void delete(TenancyService.Origin o, String siteId, String insightId) {
    Site site = tenancy.site(o.principal(), siteId, Permission.SAVE_INSIGHTS);
    Insight insight =
        insights
            .find(site.organizationId(), site.id(), insightId)
            .orElseThrow(() -> notFound(site, insightId));
    if (!insights.delete(site.organizationId(), site.id(), insightId)) {
      throw notFound(site, insightId);
    }
    audit.record(
        o.principal(),
        site.organizationId(),
        "insight.delete",
        insightId,
        o.clientAddress(),
        Map.of("site", site.id(), "name", insight.name()));
  }

  /**
   * Whether opening the insight shows people, so that only those who read people see it: retention
   * and active users always, a funnel when it counts people ({@code unit=person}), and every report
   * of a cohort's members ({@code segment=}), which needs the people permission.
   */
  public static boolean showsPeople(Insight i) {
    if (parameter(i.state(), "segment").filter(s -> !s.isEmpty()).isPresent()) {
      return true;
    }
    return switch (i.kind()) {
      case RETENTION, ACTIVE_USERS -> true;
      case FUNNELS -> parameter(i.state(), "unit").filter("person"::equals).isPresent();
      case STATS, PATHS -> false;
    };
  }

  /** The dashboard address of the insight: its page with its state. */
  public static String url(Insight i) {
    String page = i.kind() == Insight.Kind.STATS ? "" : "/" + i.kind().apiName();
    return "/sites/" + i.siteId() + page + (i.state().isEmpty() ? "" : "?" + i.state());
  }

  /** The first value of a query string's parameter, decoded as a browser's form decodes it. */
  static Optional<String> parameter(String query, String name) {
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return Optional.of(
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static String validName(String raw) {
    String name = raw.strip();
    if (name.isEmpty() || name.length() > Insight.MAX_NAME_LENGTH || CONTROL.matcher(name).find()) {
      throw InsightException.invalid(
          "name",
          "name must be 1 to "
              + Insight.MAX_NAME_LENGTH
              + " characters without control characters, was "
              + name.length()
              + " characters");
    }
    return name;
  }

  private static String validState(String raw) {
    String state = raw.startsWith("?") ? raw.substring(1) : raw;
    if (state.length() > Insight.MAX_STATE_LENGTH) {
      throw InsightException.invalid(
          "state",
          "state must be at most "
              + Insight.MAX_STATE_LENGTH
              + " characters, was "
              + state.length()
              + " characters");
    }
    if (!Insight.isQueryString(state)) {
      throw InsightException.invalid(
          "state",
          "state must be a URL query string (letters, digits, -._~!$&'()*+,;=:@/? and %XX"
              + " escapes), was '"
              + shorten(state)
              + "'");
    }
    return state;
  }

  private static String kinds() {
    return Arrays.stream(Insight.Kind.values())
        .map(Insight.Kind::apiName)
        .collect(Collectors.joining(", "));
  }

  private static InsightException notFound(Site site, String insightId) {
    return InsightException.notFound("insight '" + insightId + "' of site '" + site.id() + "'");
  }

  private static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
