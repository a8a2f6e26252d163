package io.footfall.server.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP address literals without ever resolving a host name. */
public final class IpLiterals {
  private static final Pattern V4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpLiterals() {}

  /**
   * Parses an IPv4 or IPv6 literal (IPv6 optionally in brackets, with a zone); empty for anything
   * else, including host names, which are never looked up. IPv4-mapped IPv6 addresses come back as
   * IPv4.
   */
  public static Optional<InetAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    boolean v4 = V4.matcher(s).matches();
    boolean v6 = !v4 && s.indexOf(':') >= 0 && V6.matcher(s).matches();
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      // A literal is parsed without a lookup: getByName only resolves names, and this is none.
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
