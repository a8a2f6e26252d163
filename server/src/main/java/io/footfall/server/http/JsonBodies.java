package io.footfall.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Collection;
import java.util.function.Function;

/** Reads small JSON request bodies of the admin and account APIs, naming the field at fault. */
public final class JsonBodies {
  /** The largest body the admin and account APIs read. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonBodies() {}

  /** A request body or field was not what the API expects. */
  public static final class BadRequest extends FootfallException {
    private static final long serialVersionUID = 1L;

    BadRequest(int status, String code, String field, String message) {
      super(status, code, field, message);
    }
  }

  public static JsonNode read(Context ctx) throws IOException {
    return read(ctx, MAX_BYTES);
  }

  /**
   * A JSON object body of at most {@code maxBytes} (for the few routes that take long lists, such
   * as a cohort's static list of user ids).
   */
  public static JsonNode read(Context ctx, int maxBytes) throws IOException {
    byte[] bytes = ctx.req().getInputStream().readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new BadRequest(
          413,
          "too_large",
          "body",
          "this request's body is limited to " + (maxBytes / 1024) + " KiB");
    }
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new BadRequest(400, "invalid_field", "body", "request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest(400, "malformed_body", "body", "request body is not valid JSON");
    }
  }

  /** A string field, or "" when absent or null. */
  public static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new BadRequest(400, "invalid_field", field, field + " must be a string");
    }
    return v.textValue();
  }

  /** A required string field. */
  public static String required(JsonNode body, String field) {
    String v = text(body, field);
    if (v.isBlank()) {
      throw new BadRequest(400, "invalid_field", field, field + " is required");
    }
    return v;
  }

  /** Answers 200 with a JSON array of {@code items}, each written by {@code toJson}. */
  public static <T> void sendArray(
      Context ctx, Collection<? extends T> items, Function<T, ? extends JsonNode> toJson)
      throws IOException {
    ArrayNode list = JSON.createArrayNode();
    for (T item : items) {
      list.add(toJson.apply(item));
    }
    send(ctx, 200, list);
  }

  public static void send(Context ctx, int status, Object body) throws IOException {
    ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
  }
}
