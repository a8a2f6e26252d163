package io.footfall.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AudienceTest {
  private static final String COUNTRY_DB = "/io/footfall/server/geoip/country.mmdb";

  @Test
  void everyAddressRangeMapsToItsCountryInTheBundledDatabase() throws IOException {
    try (Reader db = countryDatabase()) {
      SplittableRandom random = new SplittableRandom(1);
      for (Audience.Country country : Audience.COUNTRIES.values()) {
        for (Audience.Cidr range : country.ranges()) {
          assertThat(countryOf(db, range.first()))
              .as("first of %s", range)
              .isEqualTo(country.code());
          assertThat(countryOf(db, range.last())).as("last of %s", range).isEqualTo(country.code());
          for (int i = 0; i < 200; i++) {
            InetAddress host = range.randomHost(random);
            assertThat(countryOf(db, host)).as("%s", host).isEqualTo(country.code());
          }
        }
      }
    }
  }

  @Test
  void generatedVisitorsComeFromManyCountriesMostlyTheUnitedStates() throws IOException {
    List<Map<String, Object>> events =
        new TrafficGenerator(
                11,
                Clock.fixed(Instant.parse("2026-05-04T09:00:00Z"), ZoneOffset.UTC),
                ZoneId.of("America/New_York"),
                10,
                5_000)
            .events();
    Map<String, Integer> perCountry = new HashMap<>();
    try (Reader db = countryDatabase()) {
      for (Map<String, Object> e : events) {
        String ip = (String) ((Map<?, ?>) e.get("context")).get("ip");
        perCountry.merge(countryOf(db, InetAddress.getByName(ip)), 1, Integer::sum);
      }
    }
    assertThat(perCountry).doesNotContainKey("");
    assertThat(perCountry).hasSizeGreaterThanOrEqualTo(12);
    String top =
        perCountry.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(top).isEqualTo("US");
  }

  private static Reader countryDatabase() throws IOException {
    InputStream in = AudienceTest.class.getResourceAsStream(COUNTRY_DB);
    // The build fetches the database with npm; without npm it builds without one, on purpose.
    assumeTrue(in != null, "no country database at " + COUNTRY_DB + " (fetch-geoip.sh skipped)");
    try (in) {
      return new Reader(in);
    }
  }

  private static String countryOf(Reader db, InetAddress address) throws IOException {
    Map<?, ?> record = db.get(address, Map.class);
    return record == null ? "" : String.valueOf(record.get("country_code"));
  }
}
