package io.footfall.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest request bodies with unique event ids, cut from events serialized before any timing.
 *
 * <p>Why splicing: a 20-second run at full speed sends millions of events, more than is sensible to
 * hold serialized in memory. So a pool of generated events is serialized once, without their {@code
 * id}; each request copies pool entries into a new body and writes a fresh id in front of each:
 * {@code "<run>-<sequence>"}. That costs one array copy per event on the client, no JSON work, and
 * every event the server sees has an id it has never seen.
 */
final class RequestBodies {
  private final byte[][] pool;
  private final byte[] singlePrefix;
  private final byte[] batchPrefix;
  private final String runTag;
  private final AtomicLong sequence = new AtomicLong();

  private RequestBodies(byte[][] pool, String writeKey, String runTag) {
    this.pool = pool;
    this.singlePrefix = ascii("{\"site\":\"" + writeKey + "\",\"id\":\"");
    this.batchPrefix = ascii("{\"site\":\"" + writeKey + "\",\"batch\":[");
    this.runTag = runTag;
  }

  /**
   * Serializes the events (their {@code id} dropped) into the pool.
   *
   * @param writeKey the site's write key, sent in each body's {@code site}
   * @param runTag makes ids unique across runs against the same server; letters, digits, dashes
   */
  static RequestBodies of(List<Map<String, Object>> events, String writeKey, String runTag) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("no events to build request bodies from");
    }
    if (!runTag.matches("[A-Za-z0-9-]+") || !writeKey.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "run tag and write key must be plain tokens, were '" + runTag + "', '" + writeKey + "'");
    }
    ObjectMapper json = new ObjectMapper();
    byte[][] pool = new byte[events.size()][];
    for (int i = 0; i < pool.length; i++) {
      Map<String, Object> withoutId = new LinkedHashMap<>(events.get(i));
      withoutId.remove("id");
      try {
        pool[i] = json.writeValueAsBytes(withoutId);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("generated event " + i + " does not serialize", e);
      }
    }
    return new RequestBodies(pool, writeKey, runTag);
  }

  /** A single-event body: {@code {"site":..,"id":..,"event":..}}. */
  byte[] single() {
    long n = sequence.getAndIncrement();
    byte[] event = pool[(int) (n % pool.length)];
    byte[] id = id(n);
    // prefix + id + '",' + event without its opening brace
    byte[] body = new byte[singlePrefix.length + id.length + 2 + event.length - 1];
    int at = put(body, 0, singlePrefix);
    at = put(body, at, id);
    body[at++] = '"';
    body[at++] = ',';
    System.arraycopy(event, 1, body, at, event.length - 1);
    return body;
  }

  /** A batch body of {@code size} events: {@code {"site":..,"batch":[{"id":..,..},..]}}. */
  byte[] batch(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be positive, was " + size);
    }
    long first = sequence.getAndAdd(size);
    byte[][] ids = new byte[size][];
    int length = batchPrefix.length + 2;
    for (int i = 0; i < size; i++) {
      ids[i] = id(first + i);
      // '{"id":"' (7) + id + '",' (2) + event without '{' + ',' separator
      length += 7 + ids[i].length + 2 + pool[(int) ((first + i) % pool.length)].length - 1 + 1;
    }
    length -= 1; // no separator after the last event
    byte[] body = new byte[length];
    int at = put(body, 0, batchPrefix);
    for (int i = 0; i < size; i++) {
      byte[] event = pool[(int) ((first + i) % pool.length)];
      if (i > 0) {
        body[at++] = ',';
      }
      at = put(body, at, ID_OPEN);
      at = put(body, at, ids[i]);
      body[at++] = '"';
      body[at++] = ',';
      System.arraycopy(event, 1, body, at, event.length - 1);
      at += event.length - 1;
    }
    body[at++] = ']';
    body[at++] = '}';
    return body;
  }

  /** Event ids handed out so far. */
  long issued() {
    return sequence.get();
  }

  private static final byte[] ID_OPEN = ascii("{\"id\":\"");

  private byte[] id(long n) {
    return ascii(runTag + "-" + n);
  }

  private static int put(byte[] into, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, into, at, bytes.length);
    return at + bytes.length;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
