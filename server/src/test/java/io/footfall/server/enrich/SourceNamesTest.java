package io.footfall.server.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One source is one row whatever the case it was written in (issue 14, item 19: "Google" from a
 * referrer and "google" from a utm_source were two sources). Variants are generated from the
 * bundled list of known sources.
 */
class SourceNamesTest {
  private static final Referrers REFERRERS = Referrers.load();
  private static final String PAGE = "https://shop.example/landing";

  /** Every entry of the bundled list: host (or pattern) → display name. */
  static Map<String, String> knownEntries() throws Exception {
    Map<String, String> entries = new TreeMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Referrers.class.getResourceAsStream(Referrers.RESOURCE), StandardCharsets.UTF_8))) {
      for (String line : in.lines().toList()) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          String[] f = l.split("\\s+", 3);
          entries.put(f[0], f[2]);
        }
      }
    }
    return entries;
  }

  static String randomCase(String s, Random random) {
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .forEach(
            c ->
                out.appendCodePoint(
                    random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c)));
    return out.toString();
  }

  /** The name with its spaces and punctuation written another way, in random case. */
  static String variant(String name, Random random) {
    String[] joins = {" ", "", "-", "_", "."};
    String joined = name.replace(" ", joins[random.nextInt(joins.length)]).replace("!", "");
    return randomCase(joined, random);
  }

  static Attribution.Resolved resolve(String query, String referrer) {
    return Attribution.resolve(
        Campaigns.parse(PAGE + query), REFERRERS.classify(referrer, "shop.example"), REFERRERS);
  }

  @Test
  void aKnownSourceFromUtmSourceTakesItsNameWhateverTheCase() throws Exception {
    Random random = new Random(19);
    List<String> names = new ArrayList<>(new java.util.TreeSet<>(knownEntries().values()));
    assertThat(names).hasSizeGreaterThan(100);
    for (String name : names) {
      for (int i = 0; i < 5; i++) {
        String written = variant(name, random);
        assertThat(
                resolve("?utm_source=" + URLEncoder.encode(written, StandardCharsets.UTF_8), "")
                    .source())
            .as("utm_source=" + written)
            .isEqualTo(name);
      }
    }
  }

  @Test
  void aKnownHostAsUtmSourceOrReferrerTakesItsSourcesNameWhateverTheCase() throws Exception {
    Random random = new Random(20);
    for (Map.Entry<String, String> e : knownEntries().entrySet()) {
      String host = e.getKey();
      if (host.startsWith("android-app:")) {
        continue;
      }
      host = host.endsWith(".*") ? host.substring(0, host.length() - 2) + ".co.uk" : host;
      for (int i = 0; i < 3; i++) {
        String written = randomCase((random.nextBoolean() ? "www." : "") + host, random);
        assertThat(resolve("?utm_source=" + written, "").source())
            .as("utm_source=" + written)
            .isEqualTo(e.getValue());
        assertThat(resolve("", "https://" + written + "/some/Path").source())
            .as("referrer " + written)
            .isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void anUnknownUtmSourceIsOneSourceInLowerCase() {
    Random random = new Random(21);
    String letters = "abcdefghijklmnopqrstuvwxyzäöüß0123456789-_";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder name = new StringBuilder("x");
      for (int n = 3 + random.nextInt(12); n > 0; n--) {
        name.append(letters.charAt(random.nextInt(letters.length())));
      }
      String written = randomCase(name.toString(), random);
      assertThat(
              resolve("?utm_source=" + URLEncoder.encode(written, StandardCharsets.UTF_8), "")
                  .source())
          .as(written)
          .isEqualTo(written.toLowerCase(Locale.ROOT));
    }
    assertThat(resolve("?utm_source=Newsletter", "").source()).isEqualTo("newsletter");
    assertThat(resolve("?utm_source=NEWSLETTER&utm_medium=Email", ""))
        .isEqualTo(new Attribution.Resolved("newsletter", "Email"));
  }

  @Test
  void campaignsParseTheParameterAsWrittenAndTheSourceNameNormalisesIt() {
    Campaigns.Campaign campaign = Campaigns.parse(PAGE + "?utm_source=GOOGLE");
    assertThat(campaign.utm().source()).isEqualTo("GOOGLE");
    assertThat(REFERRERS.sourceName(campaign.utm().source())).isEqualTo("Google");
    assertThat(REFERRERS.sourceName("  ")).isEmpty();
    assertThat(REFERRERS.sourceName("!!!")).isEqualTo("!!!");
  }
}
