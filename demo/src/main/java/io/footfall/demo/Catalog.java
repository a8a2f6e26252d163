package io.footfall.demo;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo site: a small software company's marketing site with a blog and documentation. Pages are
 * listed by popularity; visits draw them with Zipf weights, so a few pages take most views.
 */
final class Catalog {
  private Catalog() {}

  /** The demo site's host; the loader registers it as the site's domain. */
  static final String HOST = "lumen.example";

  /**
   * A page of the site.
   *
   * @param path the URL path
   * @param title the document title
   */
  record Page(String path, String title) {
    String url() {
      return "https://" + HOST + path;
    }

    boolean isBlogPost() {
      return path.startsWith("/blog/");
    }

    boolean isDocs() {
      return path.startsWith("/docs");
    }
  }

  /** Every page, most visited first. */
  static final List<Page> PAGES =
      List.of(
          new Page("/", "Lumen: team planning that stays out of the way"),
          new Page("/pricing", "Pricing | Lumen"),
          new Page("/features", "Features | Lumen"),
          new Page("/blog/ten-rules-for-calmer-sprints", "Ten rules for calmer sprints | Lumen"),
          new Page("/docs/getting-started", "Getting started | Lumen docs"),
          new Page("/blog", "Blog | Lumen"),
          new Page("/signup", "Create your account | Lumen"),
          new Page("/docs/api", "API reference | Lumen docs"),
          new Page("/blog/how-we-price", "How we price, and why | Lumen"),
          new Page("/integrations", "Integrations | Lumen"),
          new Page("/docs/integrations/slack", "Slack integration | Lumen docs"),
          new Page("/about", "About us | Lumen"),
          new Page("/blog/remote-standups-that-work", "Remote stand-ups that work | Lumen"),
          new Page("/changelog", "Changelog | Lumen"),
          new Page("/docs/self-hosting", "Self-hosting | Lumen docs"),
          new Page("/blog/estimation-is-a-conversation", "Estimation is a conversation | Lumen"),
          new Page("/customers", "Customers | Lumen"),
          new Page("/docs/api/webhooks", "Webhooks | Lumen docs"),
          new Page("/contact", "Contact | Lumen"),
          new Page("/security", "Security | Lumen"),
          new Page("/docs/faq", "FAQ | Lumen docs"),
          new Page("/blog/quarterly-planning-template", "A quarterly planning template | Lumen"),
          new Page("/careers", "Careers | Lumen"),
          new Page("/login", "Log in | Lumen"),
          new Page("/docs/import/jira", "Importing from Jira | Lumen docs"),
          new Page("/docs/import/trello", "Importing from Trello | Lumen docs"),
          new Page("/blog/what-we-learned-from-our-outage", "What we learned from our outage"),
          new Page("/privacy", "Privacy policy | Lumen"),
          new Page("/terms", "Terms of service | Lumen"),
          new Page("/blog/why-we-left-the-cloud", "Why we left the cloud (for now) | Lumen"));

  static final Page HOME = page("/");
  static final Page PRICING = page("/pricing");
  static final Page SIGNUP = page("/signup");
  static final Page CHANGELOG = page("/changelog");

  /** Pages by popularity for any visit. */
  static final Weighted<Page> POPULAR = Weighted.zipf(PAGES, 1.05);

  /** Blog posts by popularity, for visits from social sites and newsletters. */
  static final Weighted<Page> BLOG_POSTS =
      Weighted.zipf(PAGES.stream().filter(Page::isBlogPost).toList(), 0.9);

  /** Documentation pages by popularity, for searches. */
  static final Weighted<Page> DOCS =
      Weighted.zipf(PAGES.stream().filter(Page::isDocs).toList(), 0.9);

  /** The plans a new account picks. */
  static final Weighted<String> SIGNUP_PLANS =
      Weighted.<String>builder().add(62, "free").add(28, "pro").add(10, "team").build();

  /** How paying customers are billed. */
  static final Weighted<String> BILLING =
      Weighted.<String>builder().add(70, "monthly").add(30, "yearly").build();

  /** Price list: plan → billing → price in the currency's major unit (same figure for all). */
  static final Map<String, Map<String, BigDecimal>> PRICES =
      Map.of(
          "pro",
          Map.of("monthly", new BigDecimal("19.00"), "yearly", new BigDecimal("190.00")),
          "team",
          Map.of("monthly", new BigDecimal("49.00"), "yearly", new BigDecimal("490.00")));

  /** Links that leave the site, with the pages that carry them. */
  static final Weighted<String> OUTBOUND_LINKS =
      Weighted.<String>builder()
          .add(40, "https://github.com/lumen-hq/lumen-cli")
          .add(20, "https://slack.com/apps/lumen")
          .add(15, "https://twitter.com/lumenhq")
          .add(15, "https://www.linkedin.com/company/lumen-hq")
          .add(10, "https://status.lumen.example/")
          .build();

  /** Files offered for download. */
  static final Weighted<String> DOWNLOADS =
      Weighted.<String>builder()
          .add(50, "https://" + HOST + "/files/lumen-security-whitepaper.pdf")
          .add(30, "https://" + HOST + "/files/quarterly-planning-template.xlsx")
          .add(20, "https://" + HOST + "/files/lumen-cli-2.4.1.tar.gz")
          .build();

  /**
   * A goal of the demo site, as the admin API takes it ({@code POST /api/admin/sites/{id}/goals}).
   *
   * @param type {@code pageview} (with {@code path}) or {@code event} (with {@code eventName} and
   *     an optional property)
   */
  record GoalDefinition(
      String name,
      String type,
      String path,
      String eventName,
      String propertyKey,
      String propertyValue) {

    static GoalDefinition pageview(String name, String path) {
      return new GoalDefinition(name, "pageview", path, "", "", "");
    }

    static GoalDefinition event(String name, String eventName) {
      return new GoalDefinition(name, "event", "", eventName, "", "");
    }

    static GoalDefinition event(String name, String eventName, String key, String value) {
      return new GoalDefinition(name, "event", "", eventName, key, value);
    }

    /** The request body, without the empty fields. */
    Map<String, Object> json() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("type", type);
      if (!path.isEmpty()) {
        body.put("path", path);
      }
      if (!eventName.isEmpty()) {
        body.put("event_name", eventName);
      }
      if (!propertyKey.isEmpty()) {
        body.put("property_key", propertyKey);
        body.put("property_value", propertyValue);
      }
      return body;
    }
  }

  /**
   * The demo site's goals, each completed by the traffic {@link TrafficGenerator} makes: sign-ups
   * (all, and those on the pro plan), purchases, downloads, and views of the pricing page, of any
   * documentation page ({@code **} crosses {@code /}) and of a blog post ({@code *} does not, so
   * {@code /blog} itself is no conversion).
   */
  static final List<GoalDefinition> GOALS =
      List.of(
          GoalDefinition.event("Signup", "signup"),
          GoalDefinition.event("Pro signup", "signup", "plan", "pro"),
          GoalDefinition.event("Purchase", "purchase"),
          GoalDefinition.event("File download", "file_download"),
          GoalDefinition.pageview("Visited pricing", "/pricing"),
          GoalDefinition.pageview("Read the docs", "/docs/**"),
          GoalDefinition.pageview("Read a blog post", "/blog/*"));

  private static Page page(String path) {
    return PAGES.stream()
        .filter(p -> p.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no page " + path + " in the catalog"));
  }
}
