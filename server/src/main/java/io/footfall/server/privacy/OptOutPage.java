package io.footfall.server.privacy;

import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.server.dashboard.DashboardRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /privacy/{site}}: a site's public page for its visitors, which a privacy policy links
 * to. It says what Footfall measures on the site (from the site's settings: consent level, Do Not
 * Track and Global Privacy Control, retention) and offers the opt-out: two links back to the site
 * with {@code ?footfall_optout=1} (stop) or {@code =0} (measure again), which the tracker on the
 * site's pages keeps as the visitor's choice in the site's own storage (a page on this host cannot
 * write the storage of the site's origin). {@code ?return=} names the page to go back to; only an
 * address on the site's domain (or a subdomain) is followed, anything else goes to the domain's
 * home page, so the page cannot be used to send visitors elsewhere.
 *
 * <p>The page has no scripts, sets no cookie and needs no sign-in; an unknown site answers the
 * not-found page.
 */
public final class OptOutPage {
  /** The query parameter the tracker reads on arrival. */
  static final String MARKER = "footfall_optout";

  private final Function<String, Optional<Site>> sites;

  /**
   * @param sites a site by its id, whatever its organization
   */
  public OptOutPage(Function<String, Optional<Site>> sites) {
    this.sites = sites;
  }

  public void register(RoutesConfig routes) {
    routes.get("/privacy/{site}", this::page);
  }

  private void page(Context ctx) {
    Optional<Site> site = sites.apply(ctx.pathParam("site"));
    if (site.isEmpty()) {
      DashboardRoutes.notFound(ctx);
      return;
    }
    URI back = returnAddress(site.get(), ctx.queryParam("return"));
    DashboardRoutes.staticPage(
        ctx,
        html(site.get(), withMarker(back, "1"), withMarker(back, "0"))
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Where the links go: the given address when it is http(s) on the site's domain or one of its
   * subdomains, otherwise the domain's home page over https.
   */
  static URI returnAddress(Site site, String given) {
    URI home = URI.create("https://" + site.domain() + "/");
    if (given == null || given.isBlank() || given.length() > 2048) {
      return home;
    }
    try {
      URI uri = new URI(given);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      boolean onSite = host.equals(site.domain()) || host.endsWith("." + site.domain());
      return (scheme.equals("https") || scheme.equals("http")) && onSite && uri.isAbsolute()
          ? uri
          : home;
    } catch (URISyntaxException e) {
      return home;
    }
  }

  /** The address with {@code footfall_optout=value} added to its query (replacing one there). */
  static String withMarker(URI address, String value) {
    String query = address.getRawQuery();
    StringBuilder kept = new StringBuilder();
    if (query != null) {
      for (String part : query.split("&")) {
        if (!part.isEmpty() && !part.startsWith(MARKER + "=") && !part.equals(MARKER)) {
          kept.append(part).append('&');
        }
      }
    }
    kept.append(MARKER).append('=').append(value);
    String text = address.toString();
    int cut = text.length();
    for (char c : new char[] {'?', '#'}) {
      int i = text.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    String fragment = address.getRawFragment();
    return text.substring(0, cut) + "?" + kept + (fragment == null ? "" : "#" + fragment);
  }

  private static String html(Site site, String stop, String again) {
    String name = escape(site.name());
    String domain = escape(site.domain());
    SiteSettings s = site.settings();
    String identity =
        switch (s.consent()) {
          case ANONYMOUS ->
              "No cookie or other identifier is stored in your browser. Visits are counted with an"
                  + " anonymous code that changes every day, so your visits cannot be linked from"
                  + " one day to the next.";
          case FULL ->
              "Without your consent, nothing is stored in your browser and visits are counted with"
                  + " an anonymous code that changes every day. If you consent, a random"
                  + " identifier is kept in your browser so that your later visits are"
                  + " recognised; you can withdraw at any time.";
          case NONE ->
              "Nothing is measured until you consent. If you consent, a random identifier is kept"
                  + " in your browser so that your later visits are recognised; you can withdraw"
                  + " at any time.";
        };
    String signals =
        s.respectDnt() && s.respectGpc()
            ? "If your browser sends Do Not Track or Global Privacy Control, nothing is measured."
            : s.respectGpc()
                ? "If your browser sends Global Privacy Control, nothing is measured."
                : s.respectDnt()
                    ? "If your browser sends Do Not Track, nothing is measured."
                    : "This site does not act on Do Not Track or Global Privacy Control; use the"
                        + " opt-out below.";
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"referrer\" content=\"no-referrer\">\n"
        + "<title>Your privacy on "
        + name
        + " · Footfall</title>\n"
        + "<link rel=\"icon\" href=\"/app/favicon.svg\" type=\"image/svg+xml\">\n"
        + "<link rel=\"stylesheet\" href=\"/app/app.css\">\n</head>\n<body>\n"
        + "<main class=\"auth\">\n<div class=\"card auth-card privacy-card\">\n"
        + "<h1>Your privacy on "
        + name
        + "</h1>\n<p>"
        + domain
        + " measures its visits with Footfall, an analytics tool that keeps personal data out of"
        + " what it stores.</p>\n<h2>What is measured</h2>\n<ul>\n"
        + "<li>The pages you open, the site that sent you there, your browser, operating system"
        + " and kind of device, and your country. Your country is worked out from your IP address,"
        + " which is then discarded: it is never stored.</li>\n<li>"
        + identity
        + "</li>\n<li>"
        + signals
        + "</li>\n<li>Records of single visits are deleted after "
        + days(site.retentionDays())
        + "; daily totals, which hold nothing about any one visitor, after "
        + days(site.aggregateRetentionDays())
        + ".</li>\n</ul>\n<h2>Your choice</h2>\n"
        + "<p>Opting out keeps a note in this browser on "
        + domain
        + " (no identifier) so that nothing is measured from this browser there. It holds for this"
        + " browser only, until you clear the site's data or come back here.</p>\n"
        + "<p class=\"privacy-actions\"><a class=\"button primary\" id=\"opt-out\" href=\""
        + escape(stop)
        + "\">Stop measuring my visits</a> <a class=\"button\" id=\"opt-in\" href=\""
        + escape(again)
        + "\">Measure my visits again</a></p>\n"
        + "<p class=\"muted\">To have data about you exported or erased, write to the operator of "
        + domain
        + ".</p>\n</div>\n</main>\n</body>\n</html>\n";
  }

  /** "30 days", "396 days (about 1 year)", "1,827 days (about 5 years)". */
  static String days(int days) {
    String text = String.format(Locale.ROOT, "%,d days", days);
    long years = Math.round(days / 365.25);
    return days >= 365 ? text + " (about " + years + (years == 1 ? " year)" : " years)") : text;
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
