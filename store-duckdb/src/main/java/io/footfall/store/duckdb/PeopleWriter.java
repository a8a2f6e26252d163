package io.footfall.store.duckdb;

import io.footfall.core.people.PersonUpdate;
import io.footfall.core.people.PropertyChange;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Appends person updates to {@code person_properties} and {@code person_links} (migration V004) on
 * the writer's connection, inside the transaction {@link DuckDbStore#write} holds open. Used only
 * under the writer's lock; the appenders are kept across writes like the events' one.
 */
final class PeopleWriter {
  private final DuckDBConnection writer;
  private DuckDBAppender properties;
  private DuckDBAppender links;

  PeopleWriter(DuckDBConnection writer) {
    this.writer = writer;
  }

  /**
   * Appends the rows of the updates and flushes them into the open transaction: a row per property
   * change (seq = its place in the update), a link row when the update links a visitor, and a
   * 'seen' row when it does neither, so that every update leaves a row at its time.
   */
  void append(List<PersonUpdate> updates) throws SQLException {
    if (updates.isEmpty()) {
      return;
    }
    if (properties == null) {
      properties = DuckDbStore.appender(writer, "person_properties");
    }
    if (links == null) {
      links = DuckDbStore.appender(writer, "person_links");
    }
    boolean linked = false;
    for (PersonUpdate u : updates) {
      long at = DuckDbStore.micros(u.at());
      List<PropertyChange> changes = u.changes();
      for (int seq = 0; seq < changes.size(); seq++) {
        PropertyChange c = changes.get(seq);
        String op =
            switch (c.op()) {
              case SET -> "set";
              case SET_ONCE -> "set_once";
              case UNSET -> "unset";
            };
        boolean unset = c.op() == PropertyChange.Op.UNSET;
        row(u, at, seq, op, c.key(), unset ? null : c.valueJson(), unset ? null : c.text());
      }
      if (u.linkedVisitorId() != 0) {
        links.beginRow();
        links.append(u.siteId());
        links.append(u.linkedVisitorId());
        links.append(u.userId());
        links.appendEpochMicros(at);
        links.append(u.eventId());
        links.endRow();
        linked = true;
      } else if (changes.isEmpty()) {
        row(u, at, 0, "seen", null, null, null);
      }
    }
    properties.flush();
    if (linked) {
      links.flush();
    }
  }

  private void row(
      PersonUpdate u, long at, int seq, String op, String key, String valueJson, String valueText)
      throws SQLException {
    properties.beginRow();
    properties.append(u.siteId());
    properties.append(u.userId());
    properties.appendEpochMicros(at);
    properties.append(u.eventId());
    properties.append(seq);
    properties.append(op);
    nullable(key);
    nullable(valueJson);
    nullable(valueText);
    properties.endRow();
  }

  private void nullable(String value) throws SQLException {
    if (value == null) {
      properties.appendNull();
    } else {
      properties.append(value);
    }
  }

  /**
   * Closes the appenders, after a failure (their buffers are in an unknown state) or to checkpoint.
   */
  void discard() {
    properties = close(properties);
    links = close(links);
  }

  private static DuckDBAppender close(DuckDBAppender appender) {
    if (appender != null) {
      try {
        appender.close();
      } catch (SQLException ignored) {
        // Thrown away because it failed or is no longer wanted; nothing to keep.
      }
    }
    return null;
  }
}
