package io.footfall.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic events of one site, generated inside DuckDB by two SQL statements over {@code range()}
 * (a Java appender at ~140k rows/s would take minutes for 50M rows; this runs at several hundred
 * thousand).
 *
 * <p>Design note: the shape. Events are grouped in visits, and every value is a pure function of
 * the visit number {@code v} and the event's position {@code k} in its visit (DuckDB's {@code
 * hash}), so the same arguments give the same rows.
 *
 * <ul>
 *   <li><b>Visits</b> have 1 to 10 events ({@link #VISIT_LENGTHS}: 40% one event, mean 2.94), and
 *       start in visit order across the range, with a daily cycle when asked for (busiest in the
 *       afternoon of the site's time zone, 2.3 times the small hours). A visit's events are 5 to
 *       180 s apart (the same gap within a visit), so a visit lasts at most 27 minutes and never
 *       spans a 30-minute gap. Rows are inserted in visit order, so the table is clustered by time
 *       as live ingest leaves it.
 *   <li><b>Visitors</b>: each day has a pool of (visits that day ÷ 1.6) visitor ids and each visit
 *       draws one, so about 80% of the pool appear, with 2 visits each on average; ids differ from
 *       day to day, as the cookieless daily hash makes them.
 *   <li><b>Visit attributes</b> are the same on every event of a visit, as the collector stores
 *       them: the channel ({@link #CHANNELS}: 30% direct, search, social, referrals with a tail of
 *       400 referring hosts, a newsletter campaign with two utm_campaigns, paid clicks with gclid),
 *       the country ({@link #COUNTRIES}, 16 named ones and 8% over 40 more), the device (desktop
 *       58%, mobile 38%, tablet 4%) with a matching OS and screen, the browser and its major
 *       version, and a locale. Region, city and network are left empty.
 *   <li><b>Events</b>: the first of a visit is a page view; later ones are 3% {@code signup}
 *       ({@code {"plan": ...}}), 1% {@code purchase} (revenue 9.00 to 298.99, 92% in the site's
 *       currency, 8% in USD; props {@code {"plan": ...}}), 3% {@code outbound_click} ({@code
 *       {"url": ...}}), else page views. Paths are Zipf-like over {@value #PATHS} paths (a rank
 *       drawn log-uniformly: the home page takes about 12% of events, the top 10 about 40%); blog
 *       posts carry {@code {"author": ...}}. The entry page is the first event's path.
 * </ul>
 */
final class MonthOfEvents {
  private MonthOfEvents() {}

  /** Distinct paths events are drawn from. */
  static final int PATHS = 300;

  /** The host of every page. */
  static final String HOST = "lumen.example";

  /** Visit lengths 1..10 in events, by weight (percent). */
  static final int[] VISIT_LENGTHS = {40, 18, 12, 8, 6, 5, 4, 3, 2, 2};

  /** The longest gap between two events of a visit, seconds; 9 gaps stay under 30 minutes. */
  static final int MAX_GAP_SECONDS = 180;

  /**
   * Where visits come from: weight (percent), source, medium, referrer, utm_source, utm_medium,
   * utm_campaign, click id. {@code %tail%} is one of 400 referring hosts.
   */
  static final List<List<String>> CHANNELS =
      List.of(
          List.of("30", "", "direct", "", "", "", "", ""),
          List.of("27", "Google", "search", "https://www.google.com/", "", "", "", ""),
          List.of("4", "Bing", "search", "https://www.bing.com/", "", "", "", ""),
          List.of("3", "DuckDuckGo", "search", "https://duckduckgo.com/", "", "", "", ""),
          List.of("4", "Twitter", "social", "https://t.co/", "", "", "", ""),
          List.of("3", "LinkedIn", "social", "https://www.linkedin.com/", "", "", "", ""),
          List.of("3", "Reddit", "social", "https://www.reddit.com/", "", "", "", ""),
          List.of("4", "Hacker News", "referral", "https://news.ycombinator.com/", "", "", "", ""),
          List.of("4", "GitHub", "referral", "https://github.com/", "", "", "", ""),
          List.of("3", "newsletter", "email", "", "newsletter", "email", "monthly-digest", ""),
          List.of("3", "newsletter", "email", "", "newsletter", "email", "product-update", ""),
          List.of("5", "Google Ads", "paid", "", "", "", "", "gclid"),
          List.of("7", "%tail%", "referral", "%tail%", "", "", "", ""));

  /** Countries by weight (percent); {@code *} is one of {@link #MORE_COUNTRIES}. */
  static final List<List<String>> COUNTRIES =
      List.of(
          List.of("26", "US", "en-US"),
          List.of("14", "DE", "de-DE"),
          List.of("8", "GB", "en-GB"),
          List.of("6", "FR", "fr-FR"),
          List.of("6", "IN", "en-IN"),
          List.of("4", "CA", "en-CA"),
          List.of("4", "NL", "nl-NL"),
          List.of("4", "BR", "pt-BR"),
          List.of("3", "ES", "es-ES"),
          List.of("3", "IT", "it-IT"),
          List.of("3", "PL", "pl-PL"),
          List.of("3", "JP", "ja-JP"),
          List.of("2", "AU", "en-AU"),
          List.of("2", "SE", "sv-SE"),
          List.of("2", "CH", "de-CH"),
          List.of("2", "AT", "de-AT"),
          List.of("8", "*", "en-US"));

  static final List<String> MORE_COUNTRIES =
      List.of(
          "BE", "DK", "NO", "FI", "IE", "PT", "CZ", "RO", "HU", "GR", "TR", "IL", "AE", "SA", "ZA",
          "NG", "EG", "KE", "MX", "AR", "CL", "CO", "PE", "KR", "CN", "TW", "HK", "SG", "MY", "TH",
          "VN", "ID", "PH", "NZ", "UA", "RU", "BG", "HR", "SK", "SI");

  /** Browsers by weight (percent) with their major versions, drawn uniformly. */
  static final List<List<String>> BROWSERS =
      List.of(
          List.of("60", "Chrome", "142", "141", "140"),
          List.of("20", "Safari", "26", "18"),
          List.of("9", "Edge", "142", "141"),
          List.of("7", "Firefox", "145", "144"),
          List.of("3", "Samsung Internet", "28"),
          List.of("1", "Opera", "124"));

  /** Paths by popularity rank; ranks from here on are blog posts (even) and docs pages (odd). */
  static final List<String> TOP_PATHS =
      List.of(
          "/",
          "/pricing",
          "/features",
          "/blog",
          "/docs",
          "/signup",
          "/docs/getting-started",
          "/integrations",
          "/about",
          "/changelog",
          "/customers",
          "/contact",
          "/security",
          "/login",
          "/docs/api",
          "/careers");

  /**
   * What one {@link #insert} did.
   *
   * @param events rows inserted
   * @param visits visits they form
   * @param elapsed time taken by the two statements
   */
  record Result(long events, long visits, Duration elapsed) {}

  /**
   * Inserts exactly {@code events} events of the site whose visits start in {@code [from, to − 27
   * min)}, into the {@code events} table of the connection's database, in one transaction.
   *
   * @param idPrefix starts every event id, and salts every hash: two calls with different prefixes
   *     give different visits, visitors and ids
   * @param dailyCycle whether visit starts follow a daily cycle whose day starts at {@code from}
   *     (local midnight), else are spread evenly
   * @throws BenchException if DuckDB refuses, or the count inserted differs from {@code events}
   */
  static Result insert(
      Connection connection,
      String siteId,
      Instant from,
      Instant to,
      long events,
      String idPrefix,
      boolean dailyCycle) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be positive, was " + events);
    }
    long span = Duration.between(from, to).toSeconds() - (long) 9 * MAX_GAP_SECONDS;
    if (span < 60) {
      throw new IllegalArgumentException(
          "the range " + from + ".." + to + " is too short for visits of up to 27 minutes");
    }
    long start = System.nanoTime();
    String visits = "ff_bench_visits_" + idPrefix.replaceAll("[^A-Za-z0-9]", "_");
    try (Statement st = connection.createStatement()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        // Enough visits for the events with a wide margin; the window sum places each visit's
        // first event, and visits that start past the last event are dropped.
        long candidates = (long) Math.ceil(events / meanVisitLength() * 1.1) + 16;
        st.execute(
            "CREATE TEMP TABLE "
                + visits
                + " AS SELECT v, len, sum(len) OVER (ORDER BY v ROWS UNBOUNDED PRECEDING) - len"
                + " AS first FROM (SELECT v, "
                + weighted(uniform("v", idPrefix, "len"), lengths())
                + "::INTEGER AS len FROM range("
                + candidates
                + ") t(v)) QUALIFY first < "
                + events);
        long placed;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + visits)) {
          rs.next();
          placed = rs.getLong(1);
        }
        long inserted =
            st.executeUpdate(
                insertSql(visits, siteId, events, placed, span, idPrefix, dailyCycle, from));
        if (inserted != events) {
          throw new BenchException(
              "generated "
                  + inserted
                  + " events instead of "
                  + events
                  + " ("
                  + placed
                  + " visits of "
                  + candidates
                  + " candidates)");
        }
        st.execute("DROP TABLE " + visits);
        connection.commit();
        return new Result(events, placed, Duration.ofNanos(System.nanoTime() - start));
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new BenchException(
          "generating " + events + " events of site " + siteId + " failed: " + e.getMessage(), e);
    }
  }

  static double meanVisitLength() {
    double sum = 0;
    double weights = 0;
    for (int i = 0; i < VISIT_LENGTHS.length; i++) {
      sum += (i + 1) * VISIT_LENGTHS[i];
      weights += VISIT_LENGTHS[i];
    }
    return sum / weights;
  }

  private static List<List<String>> lengths() {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < VISIT_LENGTHS.length; i++) {
      out.add(List.of(Integer.toString(VISIT_LENGTHS[i]), Integer.toString(i + 1)));
    }
    return out;
  }

  /**
   * The INSERT, in stages: per visit the start, the gap and the drawn indexes (a), the visitor and
   * the visit attributes (b); unnested to one row per event (c); per event the path's rank, the
   * name and the offset from the range's start (d), the path (e).
   */
  private static String insertSql(
      String visits,
      String siteId,
      long events,
      long placed,
      long spanSeconds,
      String salt,
      boolean dailyCycle,
      Instant from) {
    double days = spanSeconds / 86_400.0;
    // Visit starts: u = (v + 0.5) / visits in [0, 1), mapped to time by t(u) = u + A (sin(2πDu − ψ)
    // + sin ψ) / (2πD) with D days and A = 0.4. t is monotonic (rows stay in time order) and its
    // slope 1 + A cos(2πDu − ψ) is smallest where ψ puts it, about 14:00 local: there visits are
    // densest, 1.4 / 0.6 = 2.3 times the density in the small hours.
    String u = "((v + 0.5) / " + placed + ".0)";
    String warped =
        dailyCycle
            ? String.format(
                Locale.ROOT,
                "(%1$s + 0.4 * (sin(2 * pi() * %2$.6f * %1$s - %3$.6f) + sin(%3$.6f))"
                    + " / (2 * pi() * %2$.6f))",
                u,
                days,
                2 * Math.PI * 14 / 24 - Math.PI)
            : u;
    long visitsPerDay = Math.max(1, Math.round(placed / Math.max(days, 1.0 / 24)));
    long pool = Math.max(1, Math.round(visitsPerDay / 1.6));
    String a =
        "SELECT v, first, len, "
            + warped
            + " * "
            + spanSeconds
            + " AS start_s, (5 + "
            + hash("v", salt, "gap")
            + " % "
            + (MAX_GAP_SECONDS - 4)
            + ")::BIGINT AS gap_s, "
            + weightedIndex(uniform("v", salt, "channel"), CHANNELS)
            + " AS ch, "
            + weightedIndex(uniform("v", salt, "country"), COUNTRIES)
            + " AS co, "
            + uniform("v", salt, "device")
            + " AS u_device, "
            + weightedIndex(uniform("v", salt, "browser"), BROWSERS)
            + " AS br, ("
            + hash("v", salt, "os")
            + " % 100)::INTEGER AS os_pick FROM "
            + visits;
    String b =
        "SELECT v, first, len, start_s, gap_s, (hash(floor(start_s / 86400)::BIGINT, "
            + hash("v", salt, "who")
            + " % "
            + pool
            + ", '"
            + salt
            + "') >> 1)::BIGINT AS visitor_id, "
            + hash("v", salt, "session")
            + " AS session_id, "
            + channelColumns(salt)
            + ", "
            + countryColumns(salt)
            + ", "
            + deviceColumns(salt)
            + ", "
            + browserColumns(salt)
            + " FROM ("
            + a
            + ")";
    String c = "SELECT *, unnest(range(len)) AS k FROM (" + b + ")";
    String name =
        "CASE WHEN k = 0 THEN 'pageview' ELSE "
            + weighted(
                uniform("v, k", salt, "name"),
                List.of(
                    List.of("3", "signup"),
                    List.of("1", "purchase"),
                    List.of("3", "outbound_click"),
                    List.of("93", "pageview")))
            + " END";
    String d =
        "SELECT *, (floor(exp("
            + uniform("v, k", salt, "page")
            + " * ln("
            + (PATHS + 1)
            + "))) - 1)::INTEGER AS page_rank, "
            + name
            + " AS event_name, "
            + uniform("v, k", salt, "detail")
            + " AS u_detail, to_microseconds((start_s * 1000000)::BIGINT + k * gap_s * 1000000 + ("
            + hash("v, k", salt, "ms")
            + " % 1000000)::BIGINT) AS offset_us FROM ("
            + c
            + ") WHERE first + k < "
            + events;
    String e =
        "SELECT *, CASE WHEN page_rank < "
            + TOP_PATHS.size()
            + " THEN "
            + list(TOP_PATHS)
            + "[page_rank + 1] WHEN page_rank % 2 = 0 THEN '/blog/post-' || page_rank"
            + " ELSE '/docs/page-' || page_rank END AS path FROM ("
            + d
            + ")";
    String plan =
        weighted(
            "u_detail",
            List.of(List.of("60", "free"), List.of("30", "pro"), List.of("10", "team")));
    String props =
        "CASE event_name WHEN 'signup' THEN '{\"plan\":\"' || "
            + plan
            + " || '\"}' WHEN 'purchase' THEN '{\"plan\":\"' || CASE WHEN u_detail < 0.7 THEN 'pro'"
            + " ELSE 'team' END || '\"}' WHEN 'outbound_click' THEN"
            + " '{\"url\":\"https://github.com/lumen/' || (page_rank % 20) || '\"}'"
            + " ELSE CASE WHEN page_rank >= "
            + TOP_PATHS.size()
            + " AND page_rank % 2 = 0 THEN '{\"author\":\"author-' || (page_rank % 7) || '\"}'"
            + " END END";
    // Revenue 9.00 to 298.99; purchases whose u_detail is in the top 8% are in USD.
    String amount =
        "CASE WHEN event_name = 'purchase' THEN (9 + ("
            + hash("v, k", salt, "amount")
            + " % 29000) / 100.0)::DECIMAL(18, 4) END";
    String currency =
        "CASE WHEN event_name = 'purchase' THEN CASE WHEN u_detail < 0.92 THEN 'EUR' ELSE 'USD'"
            + " END END";
    String start = "TIMESTAMP '" + LocalDateTime.ofInstant(from, ZoneOffset.UTC) + "'";
    return "INSERT INTO events (site_id, event_id, ts, received_at, name, visitor_id, session_id,"
        + " user_id, hostname, pathname, url, title, referrer, referrer_host, source, medium,"
        + " utm_source, utm_medium, utm_campaign, utm_term, utm_content, click_id, browser,"
        + " browser_version, os, os_version, device, screen, locale, country, region, city,"
        + " network, props, revenue_amount, revenue_currency)"
        + " SELECT "
        + text(siteId)
        + ", "
        + text(salt)
        + " || (first + k), "
        + start
        + " + offset_us, "
        + start
        + " + offset_us + to_milliseconds((50 + "
        + hash("v, k", salt, "received")
        + " % 2000)::BIGINT), event_name, visitor_id, session_id, NULL, "
        + text(HOST)
        + ", path, "
        + text("https://" + HOST)
        + " || path, NULL, referrer, referrer_host, source, medium, utm_source, utm_medium,"
        + " utm_campaign, NULL, NULL, click_id, browser, browser_version, os, os_version, device,"
        + " screen, locale, country, NULL, NULL, NULL, "
        + props
        + ", "
        + amount
        + ", "
        + currency
        + " FROM ("
        + e
        + ")";
  }

  private static String channelColumns(String salt) {
    String tail = "('blog-' || (" + hash("v", salt, "tail") + " % 400) || '.example')";
    List<String> columns = new ArrayList<>();
    String[] names = {
      "source", "medium", "referrer", "utm_source", "utm_medium", "utm_campaign", "click_id"
    };
    for (int col = 0; col < names.length; col++) {
      StringBuilder b = new StringBuilder("CASE ch");
      for (int i = 0; i < CHANNELS.size(); i++) {
        String value = CHANNELS.get(i).get(col + 1);
        String sql =
            switch (value) {
              case "" -> "NULL";
              case "%tail%" -> names[col].equals("referrer") ? "'https://' || " + tail : tail;
              default -> text(value);
            };
        b.append(" WHEN ").append(i).append(" THEN ").append(sql);
      }
      columns.add(b.append(" END AS ").append(names[col]).toString());
    }
    // The referrer's host, as the collector derives it from the referrer.
    StringBuilder host = new StringBuilder("CASE ch");
    for (int i = 0; i < CHANNELS.size(); i++) {
      String referrer = CHANNELS.get(i).get(3);
      host.append(" WHEN ")
          .append(i)
          .append(" THEN ")
          .append(
              switch (referrer) {
                case "" -> "NULL";
                case "%tail%" -> tail;
                default -> text(referrer.split("/")[2]);
              });
    }
    columns.add(host.append(" END AS referrer_host").toString());
    return String.join(", ", columns);
  }

  private static String countryColumns(String salt) {
    StringBuilder country = new StringBuilder("CASE co");
    StringBuilder locale = new StringBuilder("CASE co");
    for (int i = 0; i < COUNTRIES.size(); i++) {
      String code = COUNTRIES.get(i).get(1);
      country
          .append(" WHEN ")
          .append(i)
          .append(" THEN ")
          .append(
              code.equals("*")
                  ? list(MORE_COUNTRIES)
                      + "[1 + "
                      + hash("v", salt, "more")
                      + " % "
                      + MORE_COUNTRIES.size()
                      + "]"
                  : text(code));
      locale.append(" WHEN ").append(i).append(" THEN ").append(text(COUNTRIES.get(i).get(2)));
    }
    return country.append(" END AS country, ").append(locale).append(" END AS locale").toString();
  }

  private static String deviceColumns(String salt) {
    // OS by device: desktop Windows 55 / macOS 33 / Linux 8 / ChromeOS 4; mobile Android 55 /
    // iOS 45; tablet iPadOS 60 / Android 40.
    return "CASE WHEN u_device < 0.58 THEN 'desktop' WHEN u_device < 0.96 THEN 'mobile'"
        + " ELSE 'tablet' END AS device,"
        + " CASE WHEN u_device < 0.58 THEN CASE WHEN os_pick < 55 THEN 'Windows'"
        + " WHEN os_pick < 88 THEN 'macOS' WHEN os_pick < 96 THEN 'Linux' ELSE 'ChromeOS' END"
        + " WHEN u_device < 0.96 THEN CASE WHEN os_pick < 55 THEN 'Android' ELSE 'iOS' END"
        + " ELSE CASE WHEN os_pick < 60 THEN 'iPadOS' ELSE 'Android' END END AS os,"
        + " ['15', '14', '13', '11', '10', '18', '17'][1 + "
        + hash("v", salt, "osv")
        + " % 7] AS os_version,"
        + " CASE WHEN u_device < 0.58 THEN ['1920x1080', '1536x864', '1440x900', '2560x1440',"
        + " '1366x768'][1 + os_pick % 5] WHEN u_device < 0.96 THEN ['390x844', '393x873',"
        + " '412x915', '360x800'][1 + os_pick % 4] ELSE ['820x1180', '768x1024'][1 + os_pick % 2]"
        + " END AS screen";
  }

  private static String browserColumns(String salt) {
    StringBuilder name = new StringBuilder("CASE br");
    StringBuilder version = new StringBuilder("CASE br");
    for (int i = 0; i < BROWSERS.size(); i++) {
      List<String> row = BROWSERS.get(i);
      List<String> versions = row.subList(2, row.size());
      name.append(" WHEN ").append(i).append(" THEN ").append(text(row.get(1)));
      version
          .append(" WHEN ")
          .append(i)
          .append(" THEN ")
          .append(list(versions))
          .append("[1 + ")
          .append(hash("v", salt, "bv"))
          .append(" % ")
          .append(versions.size())
          .append("]");
    }
    return name.append(" END AS browser, ")
        .append(version)
        .append(" END AS browser_version")
        .toString();
  }

  /** DuckDB's hash of the arguments, the salt and a purpose, as a BIGINT from 0 to 2^63 − 1. */
  static String hash(String arguments, String salt, String purpose) {
    return "(hash(" + arguments + ", " + text(salt) + ", " + text(purpose) + ") >> 1)::BIGINT";
  }

  /** A uniform double in [0, 1) from the hash of the arguments, the salt and a purpose. */
  static String uniform(String arguments, String salt, String purpose) {
    return "((" + hash(arguments, salt, purpose) + " % 1000000) / 1000000.0)";
  }

  /** A CASE giving the second column of the row whose cumulative weight first exceeds u. */
  static String weighted(String u, List<List<String>> rows) {
    double total = rows.stream().mapToDouble(r -> Double.parseDouble(r.get(0))).sum();
    StringBuilder b = new StringBuilder("CASE");
    double cumulative = 0;
    for (int i = 0; i < rows.size(); i++) {
      cumulative += Double.parseDouble(rows.get(i).get(0));
      String value = rows.get(i).get(1);
      String sql = value.matches("\\d+") ? value : text(value);
      if (i == rows.size() - 1) {
        b.append(" ELSE ").append(sql);
      } else {
        b.append(String.format(Locale.ROOT, " WHEN %s < %.6f THEN %s", u, cumulative / total, sql));
      }
    }
    return b.append(" END").toString();
  }

  /** Like {@link #weighted}, giving the row's index. */
  static String weightedIndex(String u, List<List<String>> rows) {
    List<List<String>> indexed = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      indexed.add(List.of(rows.get(i).get(0), Integer.toString(i)));
    }
    return "(" + weighted(u, indexed) + ")";
  }

  private static String list(List<String> values) {
    return "[" + String.join(", ", values.stream().map(MonthOfEvents::text).toList()) + "]";
  }

  private static String text(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
