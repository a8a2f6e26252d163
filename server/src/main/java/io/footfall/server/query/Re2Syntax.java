package io.footfall.server.query;

import java.util.Optional;

/**
 * The part of Java's regular-expression syntax that the stores' engines do not run. DuckDB (and
 * ClickHouse) match with RE2, which guarantees linear time by leaving out what needs backtracking:
 * backreferences, lookahead and lookbehind, atomic groups and possessive quantifiers, plus a few
 * Java-only escapes. A filter pattern is compiled with {@link java.util.regex.Pattern} first (the
 * general syntax) and then checked here, so that a pattern the store would refuse is answered with
 * a 400 naming the filter value instead of with the engine's own error text.
 *
 * <p>The check is a scan over the pattern's tokens, not a full parser: it knows escapes, {@code
 * \Q...\E} quoting and character classes, which is all it needs to find the constructs above.
 */
final class Re2Syntax {
  private Re2Syntax() {}

  /** Escapes RE2 accepts outside a character class, beyond escaped punctuation. */
  private static final String ESCAPES = "afnrtvxpPdDsSwWbBAzC0";

  /** Escapes RE2 accepts inside a character class, beyond escaped punctuation. */
  private static final String CLASS_ESCAPES = "afnrtvxpPdDsSw0SWD";

  /**
   * Why RE2 would refuse the pattern, or empty when it accepts it. The pattern already compiles
   * with {@link java.util.regex.Pattern}.
   */
  static Optional<String> unsupported(String pattern) {
    int n = pattern.length();
    boolean inClass = false;
    // Whether the last token can be repeated (a literal, an escape, a class, a group), and whether
    // it was a quantifier (which RE2 lets only a lazy '?' follow).
    boolean repeatable = false;
    boolean afterQuantifier = false;
    int i = 0;
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char e = pattern.charAt(i + 1);
        if (e == 'Q') {
          int end = pattern.indexOf("\\E", i + 2);
          int stop = end < 0 ? n : end;
          // Quoted text is literals; an empty quote leaves what came before it in place.
          repeatable = repeatable || stop > i + 2;
          afterQuantifier = afterQuantifier && stop == i + 2;
          i = end < 0 ? n : end + 2;
          continue;
        }
        if (Character.isLetterOrDigit(e) && (inClass ? CLASS_ESCAPES : ESCAPES).indexOf(e) < 0) {
          if (e >= '1' && e <= '9' || e == 'k') {
            return Optional.of("backreferences (\\" + e + ") are not supported");
          }
          return Optional.of("the escape \\" + e + " is not supported");
        }
        i += 2;
        repeatable = !inClass || repeatable;
        afterQuantifier = false;
        continue;
      }
      if (inClass) {
        inClass = c != ']';
        i++;
        continue;
      }
      int quantifierEnd = quantifierEnd(pattern, i);
      if (quantifierEnd > i) {
        if (afterQuantifier && c == '+') {
          return Optional.of("possessive quantifiers (such as *+ or ++) are not supported");
        }
        if (afterQuantifier && c == '?') {
          // Lazy, which RE2 supports; nothing may follow it.
          afterQuantifier = false;
          i++;
          continue;
        }
        if (!repeatable) {
          return Optional.of(
              "the repetition "
                  + pattern.substring(i, quantifierEnd)
                  + " has nothing to repeat (it follows "
                  + (i == 0 ? "nothing" : "'" + pattern.charAt(i - 1) + "'")
                  + ")");
        }
        String bound = pattern.substring(i, quantifierEnd).replaceAll("[^0-9,]", "");
        for (String count : bound.split(",")) {
          if (!count.isEmpty() && (count.length() > 4 || Integer.parseInt(count) > MAX_REPEAT)) {
            return Optional.of("a repetition count may be at most " + MAX_REPEAT);
          }
        }
        repeatable = false;
        afterQuantifier = true;
        i = quantifierEnd;
        continue;
      }
      afterQuantifier = false;
      switch (c) {
        case '[' -> {
          inClass = true;
          repeatable = true;
          i++;
          // A ']' right after '[' or '[^' is a literal, not the end of the class.
          if (i < n && pattern.charAt(i) == '^') {
            i++;
          }
          if (i < n && pattern.charAt(i) == ']') {
            i++;
          }
        }
        case '(' -> {
          if (pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i)) {
            return Optional.of("lookahead ((?= and (?!) is not supported");
          }
          if (pattern.startsWith("(?<=", i) || pattern.startsWith("(?<!", i)) {
            return Optional.of("lookbehind ((?<= and (?<!) is not supported");
          }
          if (pattern.startsWith("(?>", i)) {
            return Optional.of("atomic groups ((?>) are not supported");
          }
          if (pattern.startsWith("(?<", i)) {
            return Optional.of("named groups ((?<name>) are not supported; use a plain group");
          }
          java.util.regex.Matcher open = GROUP_OPENING.matcher(pattern).region(i, n);
          if (open.lookingAt() && open.group().endsWith(")")) {
            // A flag group such as (?i) is no atom: RE2 lets a quantifier after it repeat what
            // came before it (measured against DuckDB in Re2SyntaxTest).
            i = open.end();
          } else {
            // A group's opening, with its flags or name: what follows starts the group.
            i = open.lookingAt() ? open.end() : i + 1;
            repeatable = false;
          }
        }
        case '|' -> {
          repeatable = false;
          i++;
        }
        default -> {
          repeatable = true;
          i++;
        }
      }
    }
    return Optional.empty();
  }

  /** A group's opening: {@code (}, {@code (?:}, {@code (?i)}, {@code (?i:}, {@code (?P<name>}. */
  private static final java.util.regex.Pattern GROUP_OPENING =
      java.util.regex.Pattern.compile("\\((?:\\?(?:[a-zA-Z-]*[:)]|P<[A-Za-z0-9_]+>))?");

  /** The largest repetition count RE2 accepts. */
  static final int MAX_REPEAT = 1000;

  /** Where the quantifier starting at {@code i} ends, or {@code i} when none starts there. */
  private static int quantifierEnd(String pattern, int i) {
    char c = pattern.charAt(i);
    if (c == '*' || c == '+' || c == '?') {
      return i + 1;
    }
    if (c == '{') {
      int close = pattern.indexOf('}', i);
      if (close > i && pattern.substring(i + 1, close).matches("\\d+(,\\d*)?")) {
        return close + 1;
      }
    }
    return i;
  }
}
