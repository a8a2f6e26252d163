package io.footfall.server.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The JSON format of {@code POST /api/track}. Turns a request body into events: reads at most the
 * byte limit, inflates gzip (by header or by magic bytes) with the same limit on the inflated size,
 * and parses JSON with bounded nesting and string lengths. Each event of a batch is parsed on its
 * own, so one bad event rejects only itself.
 */
final class RequestDecoder implements IngestFormat {
  private static final int MAX_DEPTH = 16;

  private final IngestLimits limits;
  private final ObjectMapper mapper;
  private final EventParser parser;
  private final UnaryOperator<ObjectNode> shape;
  private final String batchesElsewhere;

  RequestDecoder(IngestLimits limits) {
    this(limits, UnaryOperator.identity(), "");
  }

  /**
   * A JSON format whose single object is reshaped into an event before it is parsed.
   *
   * @param shape turns the request's object into an event object; throws {@link IngestException}
   *     naming the request's field when it cannot
   * @param batchesElsewhere when not empty, a {@code batch} field is refused with this message
   */
  RequestDecoder(IngestLimits limits, UnaryOperator<ObjectNode> shape, String batchesElsewhere) {
    this.limits = limits;
    this.shape = shape;
    this.batchesElsewhere = batchesElsewhere;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(limits.maxRequestBytes())
                    // Jackson's default: long enough that a 100-digit number reaches the parser
                    // and rejects only its own event ("number out of range"), short enough to
                    // keep BigInteger parsing cheap.
                    .maxNumberLength(1000)
                    .maxNameLength(1024)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper = new ObjectMapper(factory);
    this.parser = new EventParser(limits);
  }

  /** Reads the body, gzip when {@code Content-Encoding} says so (or by its magic bytes). */
  @Override
  public Decoded decode(Request request) {
    return decode(
        request.body(),
        request.declaredLength(),
        "gzip".equalsIgnoreCase(request.header("Content-Encoding")));
  }

  /**
   * Reads the body.
   *
   * @param declaredLength the Content-Length header, or -1
   * @param gzipHeader whether Content-Encoding says gzip
   */
  Decoded decode(InputStream body, long declaredLength, boolean gzipHeader) {
    if (declaredLength > limits.maxRequestBytes()) {
      throw IngestException.tooLarge(
          "body",
          "request body of "
              + declaredLength
              + " bytes exceeds the limit of "
              + limits.maxRequestBytes()
              + " bytes");
    }
    byte[] raw = readAtMost(body, limits.maxRequestBytes(), "request body");
    boolean gzip =
        gzipHeader || (raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b);
    byte[] json = gzip ? gunzip(raw) : raw;
    return parse(json);
  }

  private Decoded parse(byte[] json) {
    if (json.length == 0) {
      throw IngestException.malformed("request body is empty; send one event or {\"batch\":[...]}");
    }
    Utf8.firstInvalid(json)
        .ifPresent(
            bad -> {
              throw IngestException.malformed(
                  "body",
                  "request body is not valid UTF-8: " + bad.reason() + " at byte " + bad.offset());
            });
    try (JsonParser p = mapper.getFactory().createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY && !batchesElsewhere.isEmpty()) {
        throw IngestException.invalid("body", batchesElsewhere);
      }
      if (first == JsonToken.START_ARRAY) {
        List<EventParser.Result> items = readArray(p, "");
        requireEnd(p);
        requireEvents(items);
        return new Decoded("", items, true);
      }
      if (first != JsonToken.START_OBJECT) {
        throw IngestException.malformed(
            "request body must be a JSON object or array, was " + first);
      }
      ObjectNode top = mapper.createObjectNode();
      List<EventParser.Result> items = null;
      String siteKey = "";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("batch")) {
          if (!batchesElsewhere.isEmpty()) {
            throw IngestException.invalid("batch", batchesElsewhere);
          }
          if (value != JsonToken.START_ARRAY) {
            throw IngestException.invalid("batch", "batch must be an array of events");
          }
          items = readArray(p, "batch");
        } else {
          JsonNode node = mapper.readTree(p);
          top.set(field, node);
          if (field.equals("site")) {
            if (!node.isTextual()) {
              throw IngestException.invalid("site", "site must be a string (the site's write key)");
            }
            siteKey = node.asText();
          }
        }
      }
      requireEnd(p);
      if (items != null) {
        requireEvents(items);
        JsonNode sentAt = top.get("sent_at");
        if (sentAt != null && !sentAt.isNull()) {
          java.time.Instant batchSentAt = parser.batchSentAt(sentAt);
          items = items.stream().map(r -> r.withBatchSentAt(batchSentAt)).toList();
        }
        return new Decoded(siteKey, items, true);
      }
      long size = json.length;
      if (size > limits.maxEventBytes()) {
        EventParser.Rejection tooLarge =
            new EventParser.Rejection(
                0,
                "event",
                "event of "
                    + size
                    + " bytes exceeds the limit of "
                    + limits.maxEventBytes()
                    + " bytes",
                true);
        return new Decoded(siteKey, List.of(new EventParser.Result(null, tooLarge)), false);
      }
      return new Decoded(siteKey, List.of(parser.parse(0, "", shape.apply(top))), false);
    } catch (JsonProcessingException e) {
      throw IngestException.malformed("request body is not valid JSON: " + describe(e));
    } catch (IOException e) {
      throw IngestException.malformed("request body could not be read: " + e.getMessage());
    }
  }

  private List<EventParser.Result> readArray(JsonParser p, String prefix) throws IOException {
    List<EventParser.Result> items = new ArrayList<>();
    int index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == null) {
        throw IngestException.malformed("request body ends inside the batch array");
      }
      if (index >= limits.maxBatchEvents()) {
        throw IngestException.tooLarge(
            prefix.isEmpty() ? "batch" : prefix,
            "batch has more than " + limits.maxBatchEvents() + " events");
      }
      long start = p.currentTokenLocation().getByteOffset();
      JsonNode node = mapper.readTree(p);
      long end = p.currentLocation().getByteOffset();
      String field = (prefix.isEmpty() ? "batch" : prefix) + "[" + index + "]";
      if (end - start > limits.maxEventBytes()) {
        items.add(
            EventParser.Result.rejected(
                index,
                field,
                "event of "
                    + (end - start)
                    + " bytes exceeds the limit of "
                    + limits.maxEventBytes()
                    + " bytes"));
      } else if (!(node instanceof ObjectNode object)) {
        items.add(EventParser.Result.rejected(index, field, "event must be a JSON object"));
      } else {
        items.add(parser.parse(index, field + ".", object));
      }
      index++;
    }
    return items;
  }

  /** An empty batch is a client bug (nothing to send, yet it sent), not a success to report. */
  private void requireEvents(List<EventParser.Result> items) {
    if (items.isEmpty()) {
      throw IngestException.invalid(
          "batch", "batch must hold 1 to " + limits.maxBatchEvents() + " events; it holds none");
    }
  }

  private static void requireEnd(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw IngestException.malformed("request body has data after the JSON value");
    }
  }

  private static String describe(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m != null && m.contains("Invalid UTF-8")) {
      return "it is not valid UTF-8 (at byte " + e.getLocation().getByteOffset() + ")";
    }
    String where =
        e.getLocation() == null ? "" : " (at byte " + e.getLocation().getByteOffset() + ")";
    String text = m == null ? e.getClass().getSimpleName() : m;
    int cut = text.indexOf('\n');
    return (cut > 0 ? text.substring(0, cut) : text) + where;
  }

  private byte[] gunzip(byte[] raw) {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
      return readAtMost(in, limits.maxRequestBytes(), "inflated request body");
    } catch (ZipException e) {
      throw IngestException.malformed("request body is not valid gzip: " + e.getMessage());
    } catch (java.io.EOFException e) {
      throw IngestException.malformed("gzip request body is truncated");
    } catch (IOException e) {
      throw IngestException.malformed("gzip request body could not be read: " + e.getMessage());
    }
  }

  private static byte[] readAtMost(InputStream in, int limit, String what) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 16 * 1024));
      byte[] buf = new byte[16 * 1024];
      int total = 0;
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total > limit) {
          throw IngestException.tooLarge(
              "body", what + " exceeds the limit of " + limit + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IngestException e) {
      throw e;
    } catch (ZipException e) {
      throw IngestException.malformed("request body is not valid gzip: " + e.getMessage());
    } catch (java.io.EOFException e) {
      throw IngestException.malformed(what + " is truncated: the gzip stream ended early");
    } catch (IOException e) {
      throw IngestException.malformed(what + " could not be read: " + e.getMessage());
    }
  }
}
