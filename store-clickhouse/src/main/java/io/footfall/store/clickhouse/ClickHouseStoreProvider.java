package io.footfall.store.clickhouse;

import io.footfall.core.EventStore;
import io.footfall.core.EventStoreProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the {@linkplain ClickHouseStore ClickHouse store} as {@code FOOTFALL_STORE=clickhouse}.
 * Settings:
 *
 * <ul>
 *   <li>{@code FOOTFALL_CLICKHOUSE_URL} (required): the HTTP interface, {@code http://host:8123};
 *       with a cluster, every node's, comma-separated (the first one serves reads and writes).
 *   <li>{@code FOOTFALL_CLICKHOUSE_DATABASE} (default {@code footfall}): created if missing.
 *   <li>{@code FOOTFALL_CLICKHOUSE_USER}, {@code FOOTFALL_CLICKHOUSE_PASSWORD} (default: the
 *       server's {@code default} user without password; a password needs a user).
 *   <li>{@code FOOTFALL_CLICKHOUSE_CLUSTER} (default: one node): the cluster's name in the servers'
 *       {@code remote_servers}; the store creates its local tables on every node the URL setting
 *       lists, which must be every node of the cluster, and reads and writes through {@code
 *       Distributed} tables.
 *   <li>{@code FOOTFALL_CLICKHOUSE_INSERT_WAIT} (default {@code 200ms}): the longest the server's
 *       writer holds events back to make one larger insert of them ({@link
 *       ClickHouseStore.Builder#insertWait}); {@code 0} never holds them back; at most {@code 10s}.
 * </ul>
 */
public final class ClickHouseStoreProvider implements EventStoreProvider {
  static final String URL = "FOOTFALL_CLICKHOUSE_URL";
  static final String DATABASE = "FOOTFALL_CLICKHOUSE_DATABASE";
  static final String USER = "FOOTFALL_CLICKHOUSE_USER";
  static final String PASSWORD = "FOOTFALL_CLICKHOUSE_PASSWORD";
  static final String CLUSTER = "FOOTFALL_CLICKHOUSE_CLUSTER";
  static final String INSERT_WAIT = "FOOTFALL_CLICKHOUSE_INSERT_WAIT";
  private static final Duration MAX_INSERT_WAIT = Duration.ofSeconds(10);
  private static final Pattern WAIT = Pattern.compile("(\\d{1,9})(ms|s)?");

  @Override
  public String name() {
    return "clickhouse";
  }

  @Override
  public EventStore open(Context context) {
    String urlSetting =
        context
            .setting(URL)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        URL
                            + " is required with FOOTFALL_STORE=clickhouse: the HTTP interface of"
                            + " ClickHouse, such as http://127.0.0.1:8123"));
    List<URI> urls = new ArrayList<>();
    for (String part : urlSetting.split(",")) {
      urls.add(url(part.strip()));
    }
    Optional<String> cluster = context.setting(CLUSTER);
    if (cluster.isEmpty() && urls.size() > 1) {
      throw new IllegalArgumentException(
          URL
              + " lists "
              + urls.size()
              + " servers, which needs "
              + CLUSTER
              + " (the cluster they form); without it, give one server");
    }
    ClickHouseStore.Builder b = ClickHouseStore.builder(urls.getFirst());
    context
        .setting(DATABASE)
        .ifPresent(
            name -> {
              try {
                b.database(name);
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(DATABASE + ": " + e.getMessage(), e);
              }
            });
    Optional<String> user = context.setting(USER);
    Optional<String> password = context.setting(PASSWORD);
    if (password.isPresent() && user.isEmpty()) {
      throw new IllegalArgumentException(PASSWORD + " is set without " + USER);
    }
    user.ifPresent(u -> b.credentials(u, password.orElse("")));
    context.setting(INSERT_WAIT).ifPresent(text -> b.insertWait(insertWait(text)));
    if (cluster.isPresent()) {
      try {
        b.cluster(cluster.get(), urls.subList(1, urls.size()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(CLUSTER + ": " + e.getMessage(), e);
      }
    }
    return b.open();
  }

  /** {@code 250ms}, {@code 1s}, or {@code 0}: at most {@link #MAX_INSERT_WAIT}. */
  private static Duration insertWait(String text) {
    Matcher m = WAIT.matcher(text.strip());
    if (!m.matches() || (m.group(2) == null && !m.group(1).matches("0+"))) {
      throw new IllegalArgumentException(
          INSERT_WAIT + " must be a duration like 200ms or 1s (or 0), was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration wait = "s".equals(m.group(2)) ? Duration.ofSeconds(n) : Duration.ofMillis(n);
    if (wait.compareTo(MAX_INSERT_WAIT) > 0) {
      throw new IllegalArgumentException(
          INSERT_WAIT
              + " must be at most "
              + MAX_INSERT_WAIT.toSeconds()
              + "s, was '"
              + text
              + "'");
    }
    return wait;
  }

  private static URI url(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          URL + " '" + text + "' is not a URL: " + e.getMessage(), e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          URL
              + " '"
              + text
              + "' is not an http:// or https:// URL with a host, such as"
              + " http://127.0.0.1:8123");
    }
    return uri;
  }
}
