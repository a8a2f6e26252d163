package io.footfall.demo;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Who visits the demo site: countries with public address ranges of their large access networks,
 * devices with real user-agent strings and matching screens, and languages.
 *
 * <p>The address ranges are whole networks of the bundled country database (geo-whois-asn-country),
 * so every address drawn from them maps to the intended country; {@code AudienceTest} checks that
 * against the database itself.
 */
final class Audience {
  private Audience() {}

  /**
   * A visitor's country.
   *
   * @param code ISO 3166-1 alpha-2 code the GeoIP database reports for the ranges
   * @param ranges CIDR blocks of access networks in the country
   * @param locales browser languages used there
   * @param googleHost the Google domain searchers there use
   * @param currency the currency purchases from there are made in
   */
  record Country(
      String code,
      List<Cidr> ranges,
      Weighted<String> locales,
      String googleHost,
      String currency) {}

  /**
   * A device type with one browser on it.
   *
   * @param kind {@code desktop}, {@code mobile} or {@code tablet}
   * @param userAgent the browser's user-agent string, as real browsers send it
   * @param screens screen sizes of that kind of device
   */
  record Device(String kind, String userAgent, Weighted<String> screens) {}

  static final Weighted<Country> COUNTRIES =
      Weighted.<Country>builder()
          .add(
              30,
              country(
                  "US",
                  "google.com",
                  "USD",
                  locales(92, "en-US", 8, "es-US"),
                  "73.0.0.0/8",
                  "98.192.0.0/10",
                  "71.160.0.0/11",
                  "2600:1700::/28"))
          .add(
              13,
              country(
                  "DE",
                  "google.de",
                  "EUR",
                  locales(85, "de-DE", 15, "en-US"),
                  "84.128.0.0/10",
                  "91.0.0.0/10",
                  "2003:80::/25"))
          .add(
              10,
              country(
                  "GB",
                  "google.co.uk",
                  "GBP",
                  locales(100, "en-GB"),
                  "86.128.0.0/10",
                  "81.2.64.0/18",
                  "2a02:c78::/29"))
          .add(
              7,
              country(
                  "IN", "google.co.in", "USD", locales(80, "en-IN", 20, "hi-IN"), "49.32.0.0/12"))
          .add(
              6,
              country(
                  "FR",
                  "google.fr",
                  "EUR",
                  locales(90, "fr-FR", 10, "en-US"),
                  "90.0.0.0/10",
                  "82.64.0.0/14",
                  "2a01:cb00::/27"))
          .add(
              5,
              country(
                  "CA",
                  "google.ca",
                  "USD",
                  locales(75, "en-CA", 25, "fr-CA"),
                  "99.224.0.0/11",
                  "24.114.0.0/16"))
          .add(
              4,
              country("NL", "google.nl", "EUR", locales(70, "nl-NL", 30, "en-GB"), "77.160.0.0/12"))
          .add(
              4,
              country(
                  "BR",
                  "google.com.br",
                  "USD",
                  locales(100, "pt-BR"),
                  "177.10.0.0/17",
                  "189.10.0.0/19",
                  "200.144.0.0/14"))
          .add(
              3,
              country(
                  "AU",
                  "google.com.au",
                  "USD",
                  locales(100, "en-AU"),
                  "120.144.0.0/12",
                  "101.160.0.0/11"))
          .add(3, country("JP", "google.co.jp", "USD", locales(100, "ja-JP"), "126.0.0.0/11"))
          .add(3, country("ES", "google.es", "EUR", locales(100, "es-ES"), "80.58.0.0/15"))
          .add(3, country("IT", "google.it", "EUR", locales(100, "it-IT"), "79.0.0.0/10"))
          .add(2, country("PL", "google.pl", "EUR", locales(100, "pl-PL"), "83.0.0.0/11"))
          .add(
              2,
              country("SE", "google.se", "EUR", locales(80, "sv-SE", 20, "en-US"), "62.20.0.0/16"))
          .build();

  private static final Weighted<String> DESKTOP_SCREENS =
      Weighted.<String>builder()
          .add(40, "1920x1080")
          .add(14, "1536x864")
          .add(10, "2560x1440")
          .add(9, "1366x768")
          .add(7, "1440x900")
          .add(6, "1280x720")
          .add(5, "1680x1050")
          .add(4, "3840x2160")
          .build();
  private static final Weighted<String> MAC_SCREENS =
      Weighted.<String>builder()
          .add(30, "1440x900")
          .add(25, "1512x982")
          .add(20, "1728x1117")
          .add(15, "2560x1440")
          .add(10, "1920x1080")
          .build();
  private static final Weighted<String> IPHONE_SCREENS =
      Weighted.<String>builder()
          .add(30, "390x844")
          .add(25, "393x852")
          .add(20, "430x932")
          .add(15, "414x896")
          .add(10, "375x667")
          .build();
  private static final Weighted<String> ANDROID_SCREENS =
      Weighted.<String>builder()
          .add(30, "412x915")
          .add(25, "360x800")
          .add(20, "384x854")
          .add(15, "412x892")
          .add(10, "360x780")
          .build();
  private static final Weighted<String> IPAD_SCREENS =
      Weighted.<String>builder()
          .add(35, "820x1180")
          .add(25, "810x1080")
          .add(20, "768x1024")
          .add(20, "1024x1366")
          .build();

  static final Weighted<Device> DEVICES =
      Weighted.<Device>builder()
          .add(
              24,
              new Device(
                  "desktop",
                  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                      + " Chrome/131.0.0.0 Safari/537.36",
                  DESKTOP_SCREENS))
          .add(
              7,
              new Device(
                  "desktop",
                  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like"
                      + " Gecko) Chrome/131.0.0.0 Safari/537.36",
                  MAC_SCREENS))
          .add(
              2,
              new Device(
                  "desktop",
                  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                      + " Chrome/130.0.0.0 Safari/537.36",
                  DESKTOP_SCREENS))
          .add(
              5,
              new Device(
                  "desktop",
                  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101"
                      + " Firefox/133.0",
                  DESKTOP_SCREENS))
          .add(
              2,
              new Device(
                  "desktop",
                  "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
                  DESKTOP_SCREENS))
          .add(
              6,
              new Device(
                  "desktop",
                  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML,"
                      + " like Gecko) Version/18.1 Safari/605.1.15",
                  MAC_SCREENS))
          .add(
              8,
              new Device(
                  "desktop",
                  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                      + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                  DESKTOP_SCREENS))
          .add(
              18,
              new Device(
                  "mobile",
                  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15"
                      + " (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                  IPHONE_SCREENS))
          .add(
              4,
              new Device(
                  "mobile",
                  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15"
                      + " (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
                  IPHONE_SCREENS))
          .add(
              9,
              new Device(
                  "mobile",
                  "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko)"
                      + " Chrome/131.0.0.0 Mobile Safari/537.36",
                  ANDROID_SCREENS))
          .add(
              4,
              new Device(
                  "mobile",
                  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
                      + " SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
                  ANDROID_SCREENS))
          .add(
              5,
              new Device(
                  "tablet",
                  "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
                      + " Gecko) Version/17.7 Mobile/15E148 Safari/604.1",
                  IPAD_SCREENS))
          .build();

  private static Country country(
      String code, String googleHost, String currency, Weighted<String> locales, String... cidrs) {
    return new Country(
        code,
        java.util.Arrays.stream(cidrs).map(Cidr::parse).toList(),
        locales,
        googleHost,
        currency);
  }

  private static Weighted<String> locales(Object... weightThenTag) {
    Weighted.Builder<String> b = Weighted.builder();
    for (int i = 0; i < weightThenTag.length; i += 2) {
      b.add(((Integer) weightThenTag[i]).doubleValue(), (String) weightThenTag[i + 1]);
    }
    return b.build();
  }

  /**
   * An address block.
   *
   * @param network the first address, as bytes (4 for IPv4, 16 for IPv6)
   * @param prefixLength the number of fixed leading bits
   */
  record Cidr(byte[] network, int prefixLength) {
    static Cidr parse(String cidr) {
      int slash = cidr.indexOf('/');
      try {
        byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        int length = Integer.parseInt(cidr.substring(slash + 1));
        if (length < 8 || length > network.length * 8 - 8) {
          throw new IllegalArgumentException("prefix length out of range in " + cidr);
        }
        return new Cidr(network, length);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an address block: " + cidr, e);
      }
    }

    /**
     * Draws a host address inside the block. IPv4 hosts avoid the {@code .0} and {@code .255} ends
     * of every /24, which real clients rarely have.
     */
    InetAddress randomHost(SplittableRandom random) {
      byte[] address = network.clone();
      int bits = address.length * 8;
      BigInteger value = new BigInteger(1, address);
      for (int bit = 0; bit < bits - prefixLength; bit++) {
        if (random.nextBoolean()) {
          value = value.setBit(bit);
        }
      }
      byte[] raw = value.toByteArray();
      // toByteArray may add a sign byte or drop leading zero bytes; right-align into the result.
      java.util.Arrays.fill(address, (byte) 0);
      int copy = Math.min(raw.length, address.length);
      System.arraycopy(raw, raw.length - copy, address, address.length - copy, copy);
      if (address.length == 4) {
        address[3] = (byte) (1 + random.nextInt(254));
      }
      try {
        return InetAddress.getByAddress(address);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("an address of " + address.length + " bytes is valid", e);
      }
    }

    /** The last address of the block. */
    InetAddress last() {
      BigInteger value = new BigInteger(1, network);
      for (int bit = 0; bit < network.length * 8 - prefixLength; bit++) {
        value = value.setBit(bit);
      }
      byte[] raw = value.toByteArray();
      byte[] address = new byte[network.length];
      int copy = Math.min(raw.length, address.length);
      System.arraycopy(raw, raw.length - copy, address, address.length - copy, copy);
      try {
        return InetAddress.getByAddress(address);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("an address of " + address.length + " bytes is valid", e);
      }
    }

    InetAddress first() {
      try {
        return InetAddress.getByAddress(network.clone());
      } catch (UnknownHostException e) {
        throw new IllegalStateException("an address of " + network.length + " bytes is valid", e);
      }
    }
  }
}
