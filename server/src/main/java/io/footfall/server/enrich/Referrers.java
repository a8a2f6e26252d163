package io.footfall.server.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Names the traffic source behind a referrer URL: {@code https://www.google.de/} is Google search,
 * {@code https://l.facebook.com/...} is Facebook social, {@code
 * android-app://com.google.android.gm} is Gmail e-mail, and an unknown host is a referral named by
 * its host.
 *
 * <p>The known hosts live in the bundled data file {@code referrers.txt} next to this class (its
 * header documents the format). A host matches its own entry, else the entry of its closest parent
 * domain ({@code uk.search.yahoo.com} → {@code search.yahoo.com}); a {@code name.*} entry matches
 * {@code name} under any top-level domain of one or two short labels ({@code google.co.uk}). Hosts
 * whose first label is {@code webmail}, {@code mail} or {@code email} count as e-mail when nothing
 * more specific is known.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Referrers {

  /** The data file, relative to this class. */
  static final String RESOURCE = "referrers.txt";

  static final Set<String> MEDIA = Set.of("search", "social", "email", "referral");

  private static final String ANDROID_APP = "android-app:";
  private static final Set<String> WEBMAIL_LABELS = Set.of("webmail", "mail", "email", "roundcube");
  private static final Referral DIRECT = new Referral("", "", "direct");

  private final Map<String, Known> hosts;
  private final Map<String, Known> anyTopLevelDomain;
  private final Map<String, Known> androidApps;
  // Every known source's display name by its folded form (see fold).
  private final Map<String, String> names;

  private Referrers(
      Map<String, Known> hosts,
      Map<String, Known> anyTopLevelDomain,
      Map<String, Known> androidApps) {
    this.hosts = Map.copyOf(hosts);
    this.anyTopLevelDomain = Map.copyOf(anyTopLevelDomain);
    this.androidApps = Map.copyOf(androidApps);
    Map<String, String> names = new HashMap<>();
    List<String> all = new java.util.ArrayList<>();
    for (Map<String, Known> m : List.of(hosts, anyTopLevelDomain, androidApps)) {
      m.values().forEach(k -> all.add(k.source()));
    }
    Campaigns.CLICK_IDS.values().forEach(c -> all.add(c.source()));
    for (String name : all) {
      String folded = fold(name);
      String before = names.putIfAbsent(folded, name);
      if (before != null && !before.equals(name)) {
        throw new IllegalArgumentException(
            RESOURCE
                + ": the source names '"
                + before
                + "' and '"
                + name
                + "' differ only in case, spaces or punctuation; use one spelling");
      }
    }
    this.names = Map.copyOf(names);
  }

  /**
   * Where a visit came from.
   *
   * @param host the referrer's host without a leading {@code www.} (for an Android app referrer,
   *     its package name); "" for direct visits and same-site navigation
   * @param source the display name: {@code Google}, {@code Facebook}, or the host itself for hosts
   *     that are not in the list; "" for direct visits
   * @param medium {@code search}, {@code social}, {@code email}, {@code referral} or {@code direct}
   */
  public record Referral(String host, String source, String medium) {
    public Referral {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(medium, "medium");
      if (!medium.equals("direct") && !MEDIA.contains(medium)) {
        throw new IllegalArgumentException(
            "medium must be one of search, social, email, referral, direct; was " + medium);
      }
    }

    /** Whether this is a direct visit (no referrer, or navigation within the same site). */
    public boolean direct() {
      return medium.equals("direct");
    }
  }

  record Known(String source, String medium) {}

  /**
   * Reads the bundled list of known hosts. Cheap (a few hundred lines); call once and share.
   *
   * @throws UncheckedIOException if the bundled file is missing or unreadable (a broken build)
   * @throws IllegalArgumentException if a line of the bundled file is malformed
   */
  public static Referrers load() {
    try (InputStream in = Referrers.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new UncheckedIOException(
            new IOException(
                "referrer list "
                    + RESOURCE
                    + " is not on the classpath next to "
                    + Referrers.class));
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return parse(reader.lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read referrer list " + RESOURCE, e);
    }
  }

  /** Parses lines in the format of {@code referrers.txt}. */
  static Referrers parse(List<String> lines) {
    Map<String, Known> hosts = new HashMap<>();
    Map<String, Known> anyTopLevelDomain = new HashMap<>();
    Map<String, Known> androidApps = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+", 3);
      if (fields.length < 3 || !MEDIA.contains(fields[1])) {
        throw new IllegalArgumentException(
            RESOURCE
                + " line "
                + (i + 1)
                + ": expected 'HOST MEDIUM SOURCE' with MEDIUM one of "
                + MEDIA
                + ", was '"
                + line
                + "'");
      }
      String host = fields[0].toLowerCase(Locale.ROOT);
      Known known = new Known(fields[2], fields[1]);
      Map<String, Known> target;
      if (host.startsWith(ANDROID_APP)) {
        target = androidApps;
        host = host.substring(ANDROID_APP.length());
      } else if (host.endsWith(".*")) {
        target = anyTopLevelDomain;
        host = host.substring(0, host.length() - 2);
      } else {
        target = hosts;
      }
      if (target.putIfAbsent(host, known) != null) {
        throw new IllegalArgumentException(
            RESOURCE + " line " + (i + 1) + ": duplicate entry for '" + fields[0] + "'");
      }
    }
    return new Referrers(hosts, anyTopLevelDomain, androidApps);
  }

  /**
   * Classifies a referrer.
   *
   * @param referrer the full referrer URL, or "" (null is taken as "")
   * @param pageHost the host of the page the event is on; a referrer on the same host (ignoring
   *     {@code www.} and case) is same-site navigation and so {@code direct}
   * @return never null; {@code ("", "", "direct")} for no referrer, same-site navigation and
   *     referrers that name no host ({@code about:blank}, garbage)
   */
  public Referral classify(String referrer, String pageHost) {
    if (referrer == null || referrer.isBlank()) {
      return DIRECT;
    }
    String url = referrer.strip();
    String scheme = Urls.scheme(url);
    if (scheme.equals("android-app")) {
      return androidApp(Urls.host(url));
    }
    if (!scheme.isEmpty() && !scheme.equals("http") && !scheme.equals("https")) {
      return DIRECT;
    }
    String host = Urls.withoutWww(Urls.host(url));
    if (host.isEmpty() || host.equals(normalizePageHost(pageHost))) {
      return DIRECT;
    }
    Known known = lookup(host);
    if (known != null) {
      return new Referral(host, known.source(), known.medium());
    }
    int firstDot = host.indexOf('.');
    if (firstDot > 0
        && host.indexOf('.', firstDot + 1) > 0
        && WEBMAIL_LABELS.contains(host.substring(0, firstDot))) {
      return new Referral(host, host, "email");
    }
    return new Referral(host, host, "referral");
  }

  /**
   * The source a campaign's {@code utm_source} names, so that a known source reads the same
   * whichever way a link spelt it. A known source's display name is matched ignoring case, spaces
   * and punctuation ({@code google}, {@code GOOGLE} and {@code Google} are {@code Google}; {@code
   * hacker-news} is {@code Hacker News}), and a known host stands for its source ({@code
   * facebook.com}, {@code https://www.google.de/} are {@code Facebook}, {@code Google}). Any other
   * value is lower-cased: {@code Newsletter} and {@code newsletter} are one source, {@code
   * newsletter}, as they would be without a shared spelling to keep (the first spelling seen would
   * depend on the order events arrive in, and differ between a backfill and live traffic).
   *
   * @param utmSource the parameter's value, stripped; "" gives ""
   */
  public String sourceName(String utmSource) {
    String value = utmSource == null ? "" : utmSource.strip();
    if (value.isEmpty()) {
      return "";
    }
    String folded = fold(value);
    String known = folded.isEmpty() ? null : names.get(folded);
    if (known != null) {
      return known;
    }
    String host = Urls.withoutWww(Urls.host(value));
    if (!host.isEmpty()) {
      Known byHost = lookup(host);
      if (byHost != null) {
        return byHost.source();
      }
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** A name without case, spaces and punctuation: {@code Yahoo!} and {@code yahoo} fold alike. */
  static String fold(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.toLowerCase(Locale.ROOT)
        .codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private Referral androidApp(String packageName) {
    if (packageName.isEmpty()) {
      return DIRECT;
    }
    Known known = androidApps.get(packageName);
    if (known == null) {
      return new Referral(packageName, packageName, "referral");
    }
    return new Referral(packageName, known.source(), known.medium());
  }

  private static String normalizePageHost(String pageHost) {
    if (pageHost == null || pageHost.isBlank()) {
      return "";
    }
    String host = pageHost.contains("://") ? Urls.host(pageHost) : pageHost.strip();
    int colon = host.indexOf(':');
    if (colon >= 0 && !host.startsWith("[")) {
      host = host.substring(0, colon);
    }
    return Urls.withoutWww(host.toLowerCase(Locale.ROOT));
  }

  /** The entry for the host itself or its closest parent domain, or null. */
  private Known lookup(String host) {
    int start = 0;
    while (start < host.length()) {
      String suffix = host.substring(start);
      Known known = hosts.get(suffix);
      if (known != null) {
        return known;
      }
      int dot = host.indexOf('.', start);
      if (dot < 0) {
        return null;
      }
      known = anyTopLevelDomain.get(host.substring(start, dot));
      if (known != null && isTopLevelDomainLike(host.substring(dot + 1))) {
        return known;
      }
      start = dot + 1;
    }
    return null;
  }

  /** {@code de}, {@code com}, {@code co.uk}, {@code com.au}: one or two labels of 2-3 letters. */
  private static boolean isTopLevelDomainLike(String rest) {
    String[] labels = rest.split("\\.", -1);
    if (labels.length > 2) {
      return false;
    }
    for (String label : labels) {
      if (label.length() < 2 || label.length() > 3) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        if (!Character.isLetter(label.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }

  /** How many entries the list holds, for the startup log. */
  public int size() {
    return hosts.size() + anyTopLevelDomain.size() + androidApps.size();
  }
}
