package io.footfall.server.enrich;

import io.footfall.core.Event;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads campaign parameters from a page URL: the five {@code utm_*} parameters and the click ids
 * that ad platforms append to their links.
 *
 * <p>Click ids and what they mean ({@code paid} unless noted):
 *
 * <ul>
 *   <li>{@code gclid}, {@code gbraid}, {@code wbraid}, {@code dclid}: Google
 *   <li>{@code msclkid}: Bing
 *   <li>{@code fbclid}: Facebook, medium {@code social}, because Facebook adds it to every outbound
 *       link, ads and ordinary posts alike
 *   <li>{@code ttclid}: TikTok; {@code li_fat_id}: LinkedIn; {@code twclid}: Twitter; {@code
 *       yclid}: Yandex
 * </ul>
 *
 * <p>Only the name of a click id is kept, never its value, which identifies one click of one
 * person. Parameter names match case-insensitively; the first occurrence of a name wins; values are
 * percent-decoded, stripped, and cut to {@value #MAX_VALUE_LENGTH} characters.
 */
public final class Campaigns {

  /** The longest campaign value kept, in characters; longer values are cut. */
  public static final int MAX_VALUE_LENGTH = 200;

  /** Click id name → (source, medium), in order of precedence when a URL carries several. */
  static final Map<String, ClickSource> CLICK_IDS = clickIds();

  record ClickSource(String source, String medium) {}

  private static final Campaign NONE = new Campaign(Event.Utm.NONE, "", "", "");

  private Campaigns() {}

  /**
   * What a page URL says about the campaign that brought the visitor.
   *
   * @param utm the {@code utm_*} values, each "" when absent
   * @param clickId the name of the click id parameter found ({@code gclid}, ...), or ""
   * @param clickSource the platform the click id belongs to ({@code Google}, ...), or ""
   * @param clickMedium {@code paid} or {@code social} for a click id, or ""
   */
  public record Campaign(Event.Utm utm, String clickId, String clickSource, String clickMedium) {
    public Campaign {
      Objects.requireNonNull(utm, "utm");
      Objects.requireNonNull(clickId, "clickId");
      Objects.requireNonNull(clickSource, "clickSource");
      Objects.requireNonNull(clickMedium, "clickMedium");
    }

    /** Whether the URL carried a click id. */
    public boolean hasClickId() {
      return !clickId.isEmpty();
    }
  }

  /**
   * Parses the campaign parameters in the query of {@code pageUrl} (after {@code ?}, before {@code
   * #}). Never throws; null, "" and URLs without campaign parameters give an empty campaign.
   */
  public static Campaign parse(String pageUrl) {
    if (pageUrl == null || pageUrl.indexOf('?') < 0) {
      return NONE;
    }
    String source = "";
    String medium = "";
    String campaign = "";
    String term = "";
    String content = "";
    String clickId = "";
    for (Urls.Parameter parameter : Urls.queryParameters(pageUrl)) {
      String key = parameter.key().strip().toLowerCase(Locale.ROOT);
      String value = clean(parameter.value());
      switch (key) {
        case "utm_source" -> source = source.isEmpty() ? value : source;
        case "utm_medium" -> medium = medium.isEmpty() ? value : medium;
        case "utm_campaign" -> campaign = campaign.isEmpty() ? value : campaign;
        case "utm_term" -> term = term.isEmpty() ? value : term;
        case "utm_content" -> content = content.isEmpty() ? value : content;
        default -> {
          if (CLICK_IDS.containsKey(key) && precedes(key, clickId)) {
            clickId = key;
          }
        }
      }
    }
    Event.Utm utm = new Event.Utm(source, medium, campaign, term, content);
    if (clickId.isEmpty()) {
      return utm.equals(Event.Utm.NONE) ? NONE : new Campaign(utm, "", "", "");
    }
    ClickSource click = CLICK_IDS.get(clickId);
    return new Campaign(utm, clickId, click.source(), click.medium());
  }

  private static boolean precedes(String candidate, String current) {
    if (current.isEmpty()) {
      return true;
    }
    for (String name : CLICK_IDS.keySet()) {
      if (name.equals(candidate)) {
        return true;
      }
      if (name.equals(current)) {
        return false;
      }
    }
    return false;
  }

  private static String clean(String value) {
    String stripped = value.strip();
    if (stripped.length() <= MAX_VALUE_LENGTH) {
      return stripped;
    }
    int end = MAX_VALUE_LENGTH;
    if (Character.isHighSurrogate(stripped.charAt(end - 1))) {
      end--; // never cut a character in half
    }
    return stripped.substring(0, end);
  }

  private static Map<String, ClickSource> clickIds() {
    Map<String, ClickSource> ids = new LinkedHashMap<>();
    ids.put("gclid", new ClickSource("Google", "paid"));
    ids.put("gbraid", new ClickSource("Google", "paid"));
    ids.put("wbraid", new ClickSource("Google", "paid"));
    ids.put("dclid", new ClickSource("Google", "paid"));
    ids.put("msclkid", new ClickSource("Bing", "paid"));
    ids.put("fbclid", new ClickSource("Facebook", "social"));
    ids.put("ttclid", new ClickSource("TikTok", "paid"));
    ids.put("li_fat_id", new ClickSource("LinkedIn", "paid"));
    ids.put("twclid", new ClickSource("Twitter", "paid"));
    ids.put("yclid", new ClickSource("Yandex", "paid"));
    return Collections.unmodifiableMap(ids);
  }
}
