package io.footfall.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpNetworksTest {

  private static String truncate(String address) throws UnknownHostException {
    return IpNetworks.truncate(InetAddress.getByName(address));
  }

  @Test
  void truncatesIpv4ToSlash24() throws UnknownHostException {
    assertThat(truncate("203.0.113.77")).isEqualTo("203.0.113.0/24");
    assertThat(truncate("8.8.8.8")).isEqualTo("8.8.8.0/24");
    assertThat(truncate("255.255.255.255")).isEqualTo("255.255.255.0/24");
    assertThat(truncate("0.0.0.0")).isEqualTo("0.0.0.0/24");
  }

  @Test
  void truncatesIpv6ToSlash48() throws UnknownHostException {
    assertThat(truncate("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1::/48");
    assertThat(truncate("2a00:1450:4001:82b::200e")).isEqualTo("2a00:1450:4001::/48");
    assertThat(truncate("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
        .isEqualTo("ffff:ffff:ffff::/48");
  }

  @Test
  void compressesTheLongestRunOfZeroGroups() throws UnknownHostException {
    assertThat(truncate("2001:db8:0:1::1")).isEqualTo("2001:db8::/48");
    assertThat(truncate("2001:0:0:1::1")).isEqualTo("2001::/48");
    assertThat(truncate("::1")).isEqualTo("::/48");
    assertThat(truncate("0:0:1::")).isEqualTo("0:0:1::/48");
  }

  @Test
  void treatsIpv4MappedIpv6AsIpv4() throws UnknownHostException {
    assertThat(truncate("::ffff:203.0.113.77")).isEqualTo("203.0.113.0/24");
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 198;
    mapped[13] = 51;
    mapped[14] = 100;
    mapped[15] = 9;
    // Inet6Address.getByAddress keeps the IPv6 type, unlike InetAddress.getByName.
    InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(address).isInstanceOf(Inet6Address.class);
    assertThat(IpNetworks.truncate(address)).isEqualTo("198.51.100.0/24");
  }

  @Test
  void rejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> IpNetworks.truncate(null));
  }

  @Test
  void truncatedIpv6NetworkParsesBackToTheFirst48BitsForRandomAddresses()
      throws UnknownHostException {
    Random random = new Random(48);
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      // Zero some groups to exercise the "::" placement.
      for (int group = 0; group < 8; group++) {
        if (random.nextInt(3) == 0) {
          bytes[2 * group] = 0;
          bytes[2 * group + 1] = 0;
        }
      }
      bytes[0] = (byte) (bytes[0] | 0x20); // never ::ffff:0:0/96
      String network = IpNetworks.truncate(Inet6Address.getByAddress(null, bytes, -1));
      assertThat(network).endsWith("/48").doesNotContain(":::").isLowerCase();
      byte[] parsed =
          InetAddress.getByName(network.substring(0, network.length() - 3)).getAddress();
      byte[] expected = Arrays.copyOf(Arrays.copyOf(bytes, 6), 16);
      assertThat(parsed).as(network).isEqualTo(expected);
    }
  }
}
