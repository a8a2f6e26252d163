package io.footfall.store.clickhouse;

import io.footfall.core.people.PersonUpdate;
import io.footfall.core.people.PropertyChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The rows a batch's {@link PersonUpdate}s add to {@code person_properties} and {@code
 * person_links} (schema: {@code migrations/V002__people.sql}), built before anything of the batch
 * is sent, so that a value that cannot be sent fails the batch before any of it is stored.
 *
 * <p>Rows are only ever appended, and every read folds them so that an exact duplicate changes
 * nothing (the latest or first row by {@code (at, event_id, seq)}, minimum and maximum times, a
 * visitor's first link): a batch retried after a write whose outcome was unknown may store its
 * person rows twice, harmlessly.
 */
final class PersonRows {
  static final List<String> PROPERTY_COLUMNS =
      List.of(
          "site_id", "user_id", "at", "event_id", "seq", "op", "key", "value_json", "value_text");
  static final List<String> LINK_COLUMNS =
      List.of("site_id", "visitor_id", "user_id", "linked_at", "event_id");

  /** The op of a row that records an update without changes: its person was seen then. */
  static final String SEEN = "seen";

  private final List<TabSeparatedRow> properties;
  private final List<TabSeparatedRow> links;

  private PersonRows(List<TabSeparatedRow> properties, List<TabSeparatedRow> links) {
    this.properties = properties;
    this.links = links;
  }

  /**
   * The rows of these updates.
   *
   * @throws IllegalArgumentException if a site id, user id, event id, key or JSON value holds an
   *     unpaired surrogate, which cannot be sent as UTF-8
   */
  static PersonRows of(List<PersonUpdate> updates) {
    List<TabSeparatedRow> properties = new ArrayList<>();
    List<TabSeparatedRow> links = new ArrayList<>();
    for (PersonUpdate u : updates) {
      long at = ClickHouseDialect.micros(u.at());
      List<PropertyChange> changes = u.changes();
      if (changes.isEmpty()) {
        properties.add(property(u, at, 0, SEEN, "", "", ""));
      }
      for (int seq = 0; seq < changes.size(); seq++) {
        PropertyChange c = changes.get(seq);
        properties.add(
            property(
                u,
                at,
                seq,
                c.op().name().toLowerCase(Locale.ROOT),
                c.key(),
                c.valueJson(),
                sendable(c.text())));
      }
      if (u.linkedVisitorId() != 0) {
        links.add(
            TabSeparatedRow.builder()
                .text(u.siteId())
                .number(u.linkedVisitorId())
                .text(u.userId())
                .number(at)
                .text(u.eventId())
                .build());
      }
    }
    return new PersonRows(List.copyOf(properties), List.copyOf(links));
  }

  private static TabSeparatedRow property(
      PersonUpdate u, long at, int seq, String op, String key, String json, String text) {
    return TabSeparatedRow.builder()
        .text(u.siteId())
        .text(u.userId())
        .number(at)
        .text(u.eventId())
        .number(seq)
        .text(op)
        .text(key)
        .text(json)
        .text(text)
        .build();
  }

  /**
   * The text with every unpaired surrogate replaced by U+FFFD. A JSON string may spell one as an
   * escape ({@code "\ud800"}), which its {@linkplain PropertyChange#text() text} decodes; the text
   * is only compared by searches and matches, which {@link ClickHousePeople} treats alike.
   */
  static String sendable(String text) {
    if (Utf16.firstUnpairedSurrogate(text) < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /**
   * Inserts the rows, each table's in one insert; {@code settings} adds the store's insert settings
   * (on a cluster, the synchronous insert through the {@code Distributed} table).
   */
  void insert(ClickHouseHttp node, UnaryOperator<ClickHouseQuery> settings) {
    node.insert(
        settings.apply(ClickHouseQuery.insertInto("person_properties", PROPERTY_COLUMNS)),
        properties);
    node.insert(settings.apply(ClickHouseQuery.insertInto("person_links", LINK_COLUMNS)), links);
  }
}
