package io.footfall.bench;

/** Reads values out of the server's Prometheus text exposition. */
final class Metrics {
  private Metrics() {}

  /**
   * The sum of all samples of {@code name} (over every label set); NaN if there is none. Only exact
   * names match: {@code foo_sum} does not match {@code foo_sum_total}.
   */
  static double sum(String exposition, String name) {
    double total = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      int end = name.length();
      if (line.length() == end || (line.charAt(end) != ' ' && line.charAt(end) != '{')) {
        continue;
      }
      int valueAt = line.charAt(end) == '{' ? line.indexOf('}', end) + 1 : end;
      String[] parts = line.substring(valueAt).trim().split("\\s+");
      try {
        total += Double.parseDouble(parts[0]);
        found = true;
      } catch (NumberFormatException e) {
        // Not a sample line of this metric.
      }
    }
    return found ? total : Double.NaN;
  }
}
