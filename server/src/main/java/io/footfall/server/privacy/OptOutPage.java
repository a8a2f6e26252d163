package io.footfall.server.privacy;

import io.footfall.core.Site;
import io.footfall.core.SiteSettings;
import io.footfall.server.dashboard.DashboardRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
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
 * not-found page. It is written in English, German, French and Spanish ({@code
 * optout*.properties}), chosen by {@code ?lang=} or the browser's languages.
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
    Locale language = language(ctx.queryParam("lang"), ctx.header("Accept-Language"));
    ctx.header("Content-Language", language.getLanguage());
    ctx.header("Vary", "Accept-Language");
    DashboardRoutes.staticPage(
        ctx,
        html(site.get(), language, withMarker(back, "1"), withMarker(back, "0"))
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

  /** The languages the page is written in; the first is the default. */
  static final List<String> LANGUAGES = List.of("en", "de", "fr", "es");

  /**
   * The page's language: {@code ?lang=} when it names one of {@link #LANGUAGES}, else the best of
   * them for the browser's {@code Accept-Language}, else English.
   */
  static Locale language(String asked, String acceptLanguage) {
    if (asked != null && LANGUAGES.contains(asked.strip().toLowerCase(Locale.ROOT))) {
      return Locale.forLanguageTag(asked.strip().toLowerCase(Locale.ROOT));
    }
    if (acceptLanguage != null && !acceptLanguage.isBlank()) {
      try {
        String best =
            Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage.strip()), LANGUAGES);
        if (best != null) {
          return Locale.forLanguageTag(best);
        }
      } catch (IllegalArgumentException e) {
        // A malformed header chooses nothing.
      }
    }
    return Locale.ENGLISH;
  }

  private static String html(Site site, Locale language, String stop, String again) {
    ResourceBundle t = texts(language);
    String name = escape(site.name());
    String domain = escape(site.domain());
    SiteSettings s = site.settings();
    String identity = t.getString("identity." + s.consent().wire());
    String signals =
        t.getString(
            s.respectDnt() && s.respectGpc()
                ? "signals.both"
                : s.respectGpc() ? "signals.gpc" : s.respectDnt() ? "signals.dnt" : "signals.none");
    return "<!doctype html>\n<html lang=\""
        + t.getString("lang")
        + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"referrer\" content=\"no-referrer\">\n"
        + "<title>"
        + format(t, "title", language, name)
        + " · Footfall</title>\n"
        + "<link rel=\"icon\" href=\"/app/favicon.svg\" type=\"image/svg+xml\">\n"
        + "<link rel=\"stylesheet\" href=\"/app/app.css\">\n</head>\n<body>\n"
        + "<main class=\"auth\">\n<div class=\"card auth-card privacy-card\">\n"
        + "<h1>"
        + format(t, "title", language, name)
        + "</h1>\n<p>"
        + format(t, "intro", language, domain)
        + "</p>\n<h2>"
        + t.getString("measured.heading")
        + "</h2>\n<ul>\n<li>"
        + t.getString("measured")
        + "</li>\n<li>"
        + identity
        + "</li>\n<li>"
        + signals
        + "</li>\n<li>"
        + format(
            t,
            "retention",
            language,
            days(t, language, site.retentionDays()),
            days(t, language, site.aggregateRetentionDays()))
        + "</li>\n</ul>\n<h2>"
        + t.getString("choice.heading")
        + "</h2>\n<p>"
        + format(t, "choice", language, domain)
        + "</p>\n<p class=\"privacy-actions\"><a class=\"button primary\" id=\"opt-out\" href=\""
        + escape(stop)
        + "\">"
        + t.getString("stop")
        + "</a> <a class=\"button\" id=\"opt-in\" href=\""
        + escape(again)
        + "\">"
        + t.getString("again")
        + "</a></p>\n<p class=\"muted\">"
        + format(t, "contact", language, domain)
        + "</p>\n</div>\n</main>\n</body>\n</html>\n";
  }

  private static String format(ResourceBundle t, String key, Locale language, Object... args) {
    return new MessageFormat(t.getString(key), language).format(args);
  }

  /** "30 days", "396 days (about 1 year)", "1,827 days (about 5 years)", in the language. */
  static String days(ResourceBundle t, Locale language, int days) {
    String count = NumberFormat.getIntegerInstance(language).format(days);
    long years = Math.round(days / 365.25);
    if (days < 365) {
      return format(t, "days", language, count);
    }
    return years == 1
        ? format(t, "days.year", language, count)
        : format(t, "days.years", language, count, years);
  }

  /** Days in English, as the tests and the log read them. */
  static String days(int days) {
    return days(texts(Locale.ENGLISH), Locale.ENGLISH, days);
  }

  /** The page's texts in the language (optout*.properties; English is the base file). */
  static ResourceBundle texts(Locale language) {
    return ResourceBundle.getBundle(
        "io.footfall.server.privacy.optout",
        language,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
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
