package io.footfall.server.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** A network in CIDR notation, e.g. {@code 10.0.0.0/8} or {@code ::1/128}. */
public record Cidr(byte[] network, int prefix) {

  public Cidr {
    network = network.clone();
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("network must be 4 or 16 bytes");
    }
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("prefix " + prefix + " out of range");
    }
  }

  /**
   * Parses {@code 192.168.0.0/16}, {@code 2001:db8::/32} or a single address (a /32 or /128).
   *
   * @throws IllegalArgumentException if the text is not an IP literal with an optional prefix
   */
  public static Cidr parse(String text) {
    String[] parts = text.split("/", 2);
    InetAddress address =
        IpLiterals.parse(parts[0])
            .orElseThrow(
                () -> new IllegalArgumentException("'" + text + "' is not a CIDR network"));
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has no numeric prefix", e);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix outside 0.." + bits);
      }
    }
    return new Cidr(address.getAddress(), prefix);
  }

  /** Whether the address lies in this network. IPv4-mapped IPv6 addresses count as IPv4. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
