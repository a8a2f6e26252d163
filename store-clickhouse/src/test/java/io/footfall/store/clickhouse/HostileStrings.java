package io.footfall.store.clickhouse;

import java.util.List;

/** Strings that break naive escaping, for the TabSeparated and literal round trips. */
final class HostileStrings {
  static final List<String> ALL =
      List.of(
          "",
          " ",
          "plain",
          "'",
          "''",
          "\\",
          "\\\\",
          "\\'",
          "'\\",
          "it's",
          "a\\nb (a backslash and an n, not a line feed)",
          "\\N",
          "N",
          "\\x41",
          "\0",
          "a\0b",
          "\t",
          "a\tb\tc",
          "\n",
          "line\nfeed",
          "\r\n",
          "\b\f\u0007\u000B\u001B[31m\u007F",
          "' OR 1 = 1 --",
          "'); DROP TABLE t; --",
          "x' || '",
          "/* comment */",
          "-- comment",
          "?",
          "{name:String}",
          "$1",
          "%s %d %n",
          "<xml>&amp;</xml>",
          "\"double\" `back`",
          "é ü ß ñ",
          "日本語のテキスト",
          "😀 👍🏽 👨‍👩‍👧",
          "\u200F\u202Eright-to-left\u202C",
          "\uFEFFbyte order mark",
          "\u2028\u2029",
          "\uFFFD",
          "\uD83D\uDE00".repeat(1000),
          "x".repeat(100_000));

  private HostileStrings() {}
}
