package io.footfall.server.enrich;

import io.footfall.server.net.UrlScheme;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lenient pieces of URL parsing for enrichment. Real-world referrers and page URLs are often not
 * valid URIs (spaces, raw {@code |}, broken escapes), which {@link java.net.URI} rejects; these
 * helpers take what can be taken and never throw.
 */
final class Urls {

  /** One query parameter, both sides percent-decoded ({@code +} as space). */
  record Parameter(String key, String value) {}

  private Urls() {}

  /**
   * The host of an absolute URL ({@code scheme://[user@]host[:port]/...}), lower case, without a
   * trailing dot; "" when there is none. A URL without a scheme ({@code example.com/path}) is read
   * as host and path.
   */
  static String host(String url) {
    if (url == null) {
      return "";
    }
    String text = url.strip();
    int start;
    int schemeEnd = text.indexOf("://");
    if (schemeEnd > 0 && UrlScheme.isScheme(text, schemeEnd)) {
      start = schemeEnd + 3;
    } else if (text.startsWith("//")) {
      start = 2;
    } else if (schemeEnd < 0 && !text.isEmpty() && Character.isLetterOrDigit(text.charAt(0))) {
      start = 0;
    } else {
      return "";
    }
    int end = start;
    while (end < text.length() && "/?#\\".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    String authority = text.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close < 0 ? "" : authority.substring(0, close + 1);
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
    }
    host = host.toLowerCase(Locale.ROOT);
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (start == 0 && host.indexOf('.') < 0) {
      return ""; // without a scheme, only a dotted name is taken for a host
    }
    return isHostName(host) ? host : "";
  }

  /** The scheme of {@code url} in lower case, or "" when it has none. */
  static String scheme(String url) {
    int colon = url.indexOf(':');
    if (colon <= 0 || !UrlScheme.isScheme(url, colon)) {
      return "";
    }
    return url.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** {@code host} without one leading {@code www.} (also {@code www2.}, {@code www3.} ...). */
  static String withoutWww(String host) {
    if (host.startsWith("www.")) {
      return host.substring(4);
    }
    if (host.length() > 5
        && host.startsWith("www")
        && Character.isDigit(host.charAt(3))
        && host.charAt(4) == '.') {
      return host.substring(5);
    }
    return host;
  }

  /** The parameters of the query part of {@code url} (after '?', before '#'), in order. */
  static List<Parameter> queryParameters(String url) {
    List<Parameter> parameters = new ArrayList<>();
    if (url == null) {
      return parameters;
    }
    int question = url.indexOf('?');
    if (question < 0) {
      return parameters;
    }
    int hash = url.indexOf('#', question);
    String query = url.substring(question + 1, hash < 0 ? url.length() : hash);
    for (String pair : query.split("[&;]")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.add(new Parameter(decode(key), decode(value)));
    }
    return parameters;
  }

  /** Percent-decoding that keeps malformed escapes as they are and never throws. */
  static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        int high = Character.digit(text.charAt(i + 1), 16);
        int low = Character.digit(text.charAt(i + 2), 16);
        if (high >= 0 && low >= 0) {
          bytes.write(high * 16 + low);
          i += 2;
          continue;
        }
      }
      if (bytes.size() > 0) {
        out.append(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
      }
      out.append(c == '+' ? ' ' : c);
    }
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** Letters, digits, dots, dashes and underscores (or a bracketed IPv6 literal); no blanks. */
  private static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    if (host.startsWith("[")) {
      return host.endsWith("]");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
        return false;
      }
    }
    return !host.startsWith(".");
  }
}
