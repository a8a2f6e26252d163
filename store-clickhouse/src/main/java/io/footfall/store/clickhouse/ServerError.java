package io.footfall.store.clickhouse;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error in a non-200 answer, read from its body. ClickHouse has written it three ways, and all
 * three are read: 18.16 writes {@code Code: 62, e.displayText() = DB::Exception: <text>, e.what() =
 * DB::Exception}; 19.x to 21.x append {@code (version 20.3.5)}; current versions write {@code Code:
 * 62. DB::Exception: <text> (SYNTAX_ERROR) (version 24.8.4.13 (official build))} and send the code
 * in the {@code X-ClickHouse-Exception-Code} header as well, which wins when present.
 */
record ServerError(int code, String message) {
  private static final Pattern CODE = Pattern.compile("^Code: (\\d+)[.,] ", Pattern.DOTALL);
  private static final Pattern VERSION =
      Pattern.compile("\\s*\\(version [^()]*(\\([^()]*\\))?[^()]*\\)\\s*$");

  static ServerError parse(String body, Optional<String> codeHeader) {
    String text = body.strip();
    int code = 0;
    Matcher m = CODE.matcher(text);
    if (m.find()) {
      code = Integer.parseInt(m.group(1));
      text = text.substring(m.end());
    }
    text = stripPrefix(text, "e.displayText() = ");
    text = stripSuffix(text, ", e.what() = DB::Exception");
    text = VERSION.matcher(text).replaceFirst("");
    text = stripPrefix(text, "DB::Exception: ");
    if (codeHeader.isPresent() && codeHeader.get().strip().matches("\\d{1,9}")) {
      code = Integer.parseInt(codeHeader.get().strip());
    }
    return new ServerError(code, text.strip());
  }

  private static String stripPrefix(String text, String prefix) {
    return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
  }

  private static String stripSuffix(String text, String suffix) {
    return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
  }
}
