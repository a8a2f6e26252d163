package io.footfall.server.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Reduces a client address to the network it belongs to, which is the most Footfall ever stores
 * about it: {@code /24} for IPv4 and {@code /48} for IPv6 (a typical end-site allocation).
 */
public final class IpNetworks {

  static final int IPV4_PREFIX = 24;
  static final int IPV6_PREFIX = 48;

  private IpNetworks() {}

  /**
   * Returns the truncated network in CIDR notation: {@code "203.0.113.0/24"} for IPv4 and {@code
   * "2001:db8:1::/48"} for IPv6, written in the canonical text form of RFC 5952 (lower case, no
   * leading zeros, the longest run of zero groups compressed). An IPv4-mapped IPv6 address ({@code
   * ::ffff:203.0.113.7}) is treated as the IPv4 address it carries.
   *
   * @throws NullPointerException if {@code address} is null
   */
  public static String truncate(InetAddress address) {
    Objects.requireNonNull(address, "address");
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return ipv4(bytes, 0);
    }
    if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
      return ipv4(bytes, 12);
    }
    return ipv6(bytes);
  }

  private static String ipv4(byte[] bytes, int offset) {
    return (bytes[offset] & 0xff)
        + "."
        + (bytes[offset + 1] & 0xff)
        + "."
        + (bytes[offset + 2] & 0xff)
        + ".0/"
        + IPV4_PREFIX;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  private static String ipv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < IPV6_PREFIX / 16; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    return formatIpv6(groups) + "/" + IPV6_PREFIX;
  }

  /** RFC 5952 section 4: compress the longest (first, on ties) run of two or more zero groups. */
  static String formatIpv6(int[] groups) {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < groups.length && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < groups.length; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
